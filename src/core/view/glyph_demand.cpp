#include "core/view/glyph_demand.h"

#include <algorithm>

#include "core/text/utf8.h"

namespace parley::view {

void GlyphDemand::begin_frame() {
  ++frame_;
}

void GlyphDemand::see(std::string_view utf8) {
  if (first_extra_ >= 0x80 && is_ascii(utf8)) return;  // nearly all UI text
  // Decoded in place: this runs over the text of every frame.
  for (std::size_t at = 0; at < utf8.size();) {
    const std::size_t length =
        static_cast<unsigned char>(utf8[at]) < 0x80 ? 1 : utf8_sequence_length(utf8, at);
    if (length == 0) {
      ++at;
      continue;
    }
    see(decode_utf8_sequence(utf8, at, length));
    at += length;
  }
}

void GlyphDemand::see(char32_t code) {
  if (code < first_extra_) return;
  if (const auto found = last_seen_.find(code); found != last_seen_.end()) {
    found->second = frame_;
    return;
  }
  if (last_seen_.size() >= most_glyphs_ && !make_room()) {
    ++refused_;
    return;
  }
  last_seen_.emplace(code, frame_);
  changed_ = true;
}

// Drops a glyph that was on screen in neither this frame nor the last.
bool GlyphDemand::make_room() {
  if (full_in_frame_ == frame_) return false;
  for (auto it = last_seen_.begin(); it != last_seen_.end(); ++it) {
    if (it->second + 1 < frame_) {
      last_seen_.erase(it);
      changed_ = true;
      return true;
    }
  }
  full_in_frame_ = frame_;
  return false;
}

bool GlyphDemand::rebuild_due(Time now) const {
  return changed_ && (!built_once_ || now - last_build_ >= kRebuildInterval);
}

std::vector<char32_t> GlyphDemand::take_atlas(Time now) {
  std::vector<char32_t> codes;
  codes.reserve(last_seen_.size());
  std::vector<char32_t> missing;
  for (const auto& [code, frame] : last_seen_) {
    (in_atlas_.count(code) != 0 ? codes : missing).push_back(code);
  }
  std::sort(missing.begin(), missing.end());
  const std::size_t added = std::min(missing.size(), kMostNewPerBuild);
  codes.insert(codes.end(), missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(added));
  std::sort(codes.begin(), codes.end());
  in_atlas_ = std::unordered_set<char32_t>(codes.begin(), codes.end());
  changed_ = added < missing.size();
  built_once_ = true;
  last_build_ = now;
  return codes;
}

}  // namespace parley::view
