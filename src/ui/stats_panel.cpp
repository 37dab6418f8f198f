#include "ui/stats_panel.h"

#include <imgui.h>

#include <cfloat>
#include <cstdio>
#include <functional>
#include <optional>

#include "ui/side_panel.h"
#include "ui/tooltip.h"

namespace parley::ui {
namespace {

constexpr float kPlotHeight = 38.0f;

using Figure = std::function<std::optional<double>(const call::PeerFigures&)>;

struct Metric {
  const char* label;
  const char* unit;
  Figure value;
};

const Metric kMetrics[] = {
    {"In", "kbps",
     [](const call::PeerFigures& f) { return std::optional<double>(f.inbound_kbps); }},
    {"Out", "kbps",
     [](const call::PeerFigures& f) { return std::optional<double>(f.outbound_kbps); }},
    {"RTT", "ms", [](const call::PeerFigures& f) { return f.rtt_ms; }},
    {"Loss", "%", [](const call::PeerFigures& f) { return f.packet_loss_percent; }},
    {"FPS", "", [](const call::PeerFigures& f) { return f.fps; }},
    {"Jitter", "ms", [](const call::PeerFigures& f) { return f.jitter_ms; }},
};

// One plot line over the history; missing figures plot as 0 and the caption says "-".
void plot(const std::string& peer_name, const Metric& metric, const call::StatsHistory& history,
          WidgetTrail& trail) {
  std::vector<float> values;
  values.reserve(history.samples().size());
  for (const auto& sample : history.samples())
    values.push_back(static_cast<float>(metric.value(sample).value_or(0)));
  const auto latest = metric.value(*history.latest());
  char caption[64];
  if (latest)
    std::snprintf(caption, sizeof caption, "%s %.1f %s", metric.label, *latest, metric.unit);
  else
    std::snprintf(caption, sizeof caption, "%s -", metric.label);
  const std::string id = "##" + peer_name + metric.label;
  ImGui::PlotLines(id.c_str(), values.data(), static_cast<int>(values.size()), 0, caption, 0.0f,
                   FLT_MAX, ImVec2(ImGui::GetContentRegionAvail().x, kPlotHeight));
  trail.record_item(peer_name + ": " + metric.label, "plot");
}

void draw_peer(const PeerStatsView& peer, WidgetTrail& trail) {
  ImGui::Separator();
  ImGui::TextUnformatted(peer.name.c_str());
  const call::PeerFigures* latest = peer.history ? peer.history->latest() : nullptr;
  if (latest == nullptr) {
    ImGui::TextDisabled("No figures yet.");
    return;
  }
  const auto kind = [](const std::string& type) { return type.empty() ? std::string("-") : type; };
  const std::string path =
      kind(latest->candidate_type) + " - " + kind(latest->remote_candidate_type);
  ImGui::Text("%s  %dx%d  path: %s%s", latest->codec.empty() ? "-" : latest->codec.c_str(),
              latest->width.value_or(0), latest->height.value_or(0), path.c_str(),
              latest->relayed() ? " (TURN)" : "");
  for (const Metric& metric : kMetrics) plot(peer.name, metric, *peer.history, trail);
}

}  // namespace

StatsAction draw_stats_panel(const std::vector<PeerStatsView>& peers, WidgetTrail& trail) {
  StatsAction action = StatsAction::kNone;
  if (!begin_side_panel("Call statistics", kStatsPanelWidth)) action = StatsAction::kClose;
  if (ImGui::Button("Export stats (JSON)")) action = StatsAction::kExport;
  trail.record_item("Export stats (JSON)", "button");
  if (ImGui::IsItemHovered())
    tooltip_above_item("Save the last minute of every connection's figures", trail);
  if (peers.empty()) ImGui::TextDisabled("Nobody else is in the call.");
  for (const auto& peer : peers) draw_peer(peer, trail);
  ImGui::End();
  return action;
}

}  // namespace parley::ui
