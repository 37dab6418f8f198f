#include "core/protocol/room_link.h"

#include <algorithm>

#include "core/base/percent_decode.h"

namespace parley {
namespace {

bool is_room_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::optional<std::string> valid_room(std::optional<std::string> candidate) {
  if (candidate && is_valid_room_id(*candidate)) return candidate;
  return std::nullopt;
}

}  // namespace

bool is_valid_room_id(std::string_view room) {
  return !room.empty() && room.size() <= kMaxRoomIdLength &&
         std::all_of(room.begin(), room.end(), is_room_char);
}

std::optional<std::string> room_from_url(std::string_view url) {
  const std::size_t hash = url.find('#');
  const std::string_view fragment =
      hash == std::string_view::npos ? std::string_view{} : url.substr(hash + 1);
  const std::string_view before_fragment = url.substr(0, hash);

  const std::size_t question = before_fragment.find('?');
  if (question != std::string_view::npos) {
    std::string_view query = before_fragment.substr(question + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == "room") {
        return valid_room(percent_decode(pair.substr(eq + 1), PlusSign::kSpace));
      }
    }
  }
  if (!fragment.empty()) return valid_room(percent_decode(fragment, PlusSign::kSpace));
  return std::nullopt;
}

std::optional<std::string> room_from_typed_link(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  const bool link = text.find("://") != std::string_view::npos ||
                    (!text.empty() && (text.front() == '?' || text.front() == '#'));
  if (!link) return std::nullopt;
  return room_from_url(text);
}

std::string room_id_from_random(std::span<const std::uint8_t> random_bytes) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const std::uint8_t byte : random_bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(buffer >> bits) & 0x1F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1F]);
  return out;
}

std::string invite_link(std::string_view page_url, std::string_view room) {
  const std::size_t cut = page_url.find_first_of("?#");
  std::string link(page_url.substr(0, cut));
  link += "?room=";
  link += room;  // valid room ids need no escaping
  return link;
}

}  // namespace parley
