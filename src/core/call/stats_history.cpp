#include "core/call/stats_history.h"

#include <nlohmann/json.hpp>

namespace parley::call {
namespace {
using nlohmann::json;

double number(const json& stat, const char* field, double fallback = 0) {
  const auto it = stat.find(field);
  return it != stat.end() && it->is_number() ? it->get<double>() : fallback;
}

std::optional<double> optional_number(const json& stat, const char* field) {
  const auto it = stat.find(field);
  if (it == stat.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

bool flag(const json& stat, const char* field) {
  const auto it = stat.find(field);
  return it != stat.end() && it->is_boolean() && it->get<bool>();
}

std::string text(const json& stat, const char* field) {
  const auto it = stat.find(field);
  return it != stat.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool StatsHistory::add(std::string_view report_json, Clock::time_point now) {
  const json report = json::parse(report_json, nullptr, /*allow_exceptions=*/false);
  if (!report.is_array()) return false;

  std::map<std::string, const json*> by_id;
  for (const auto& stat : report) {
    if (stat.is_object() && stat.contains("id") && stat["id"].is_string()) {
      by_id[stat["id"].get<std::string>()] = &stat;
    }
  }
  const auto find = [&](const std::string& id) -> const json* {
    const auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  };

  PeerFigures figures;
  Counters counters;
  const json* video_in = nullptr;
  const json* audio_in = nullptr;
  std::string selected_pair_id;
  for (const auto& stat : report) {
    if (!stat.is_object()) continue;
    const std::string type = text(stat, "type");
    if (type == "inbound-rtp") {
      counters.bytes_received += number(stat, "bytesReceived");
      counters.packets_received += number(stat, "packetsReceived");
      counters.packets_lost += number(stat, "packetsLost");
      (text(stat, "kind") == "video" ? video_in : audio_in) = &stat;
    } else if (type == "outbound-rtp") {
      counters.bytes_sent += number(stat, "bytesSent");
    } else if (type == "transport" && selected_pair_id.empty()) {
      selected_pair_id = text(stat, "selectedCandidatePairId");
    }
  }
  // Without a transport's pointer, the nominated pair that succeeded is the selected one.
  const json* pair = selected_pair_id.empty() ? nullptr : find(selected_pair_id);
  for (const auto& stat : report) {
    if (pair) break;
    if (stat.is_object() && text(stat, "type") == "candidate-pair" &&
        text(stat, "state") == "succeeded" && flag(stat, "nominated")) {
      pair = &stat;
    }
  }
  if (pair) {
    if (const auto rtt = optional_number(*pair, "currentRoundTripTime"))
      figures.rtt_ms = *rtt * 1000;
    if (const json* local = find(text(*pair, "localCandidateId")))
      figures.candidate_type = text(*local, "candidateType");
    if (const json* remote = find(text(*pair, "remoteCandidateId")))
      figures.remote_candidate_type = text(*remote, "candidateType");
  }
  if (!figures.rtt_ms) {  // from the remote's receiver reports instead
    for (const auto& stat : report) {
      if (!stat.is_object() || text(stat, "type") != "remote-inbound-rtp") continue;
      if (const auto rtt = optional_number(stat, "roundTripTime")) {
        figures.rtt_ms = *rtt * 1000;
        break;
      }
    }
  }
  if (const json* jitter_source = video_in ? video_in : audio_in) {
    if (const auto jitter = optional_number(*jitter_source, "jitter"))
      figures.jitter_ms = *jitter * 1000;
  }
  if (video_in) {
    figures.fps = optional_number(*video_in, "framesPerSecond");
    if (const auto width = optional_number(*video_in, "frameWidth"))
      figures.width = static_cast<int>(*width);
    if (const auto height = optional_number(*video_in, "frameHeight"))
      figures.height = static_cast<int>(*height);
    if (const json* codec = find(text(*video_in, "codecId")))
      figures.codec = text(*codec, "mimeType");
  }

  if (!first_) first_ = now;
  figures.seconds = std::chrono::duration<double>(now - *first_).count();
  if (previous_) {
    const double elapsed = std::chrono::duration<double>(now - previous_->first).count();
    const Counters& before = previous_->second;
    if (elapsed > 0) {
      figures.inbound_kbps = (counters.bytes_received - before.bytes_received) * 8 / elapsed / 1000;
      figures.outbound_kbps = (counters.bytes_sent - before.bytes_sent) * 8 / elapsed / 1000;
    }
    const double received = counters.packets_received - before.packets_received;
    const double lost = counters.packets_lost - before.packets_lost;
    if (received + lost > 0)
      figures.packet_loss_percent = std::max(0.0, lost) / (received + std::max(0.0, lost)) * 100;
  }
  previous_ = {now, counters};
  samples_.push_back(std::move(figures));
  while (samples_.size() > capacity_) samples_.pop_front();
  return true;
}

nlohmann::json to_json(const PeerFigures& figures) {
  const auto optional = [](const auto& value) { return value ? json(*value) : json(nullptr); };
  return {{"seconds", figures.seconds},
          {"inboundKbps", figures.inbound_kbps},
          {"outboundKbps", figures.outbound_kbps},
          {"rttMs", optional(figures.rtt_ms)},
          {"packetLossPercent", optional(figures.packet_loss_percent)},
          {"jitterMs", optional(figures.jitter_ms)},
          {"fps", optional(figures.fps)},
          {"width", optional(figures.width)},
          {"height", optional(figures.height)},
          {"codec", figures.codec},
          {"candidateType", figures.candidate_type},
          {"remoteCandidateType", figures.remote_candidate_type},
          {"relayed", figures.relayed()}};
}

}  // namespace parley::call
