// The stats panel: per peer, plots of the last minute of in/out bitrate, RTT, packet loss,
// fps and jitter, with codec, resolution and candidate-pair type; and an export of the
// whole history as JSON (the app does the saving).
#pragma once

#include <string>
#include <vector>

#include "core/call/stats_history.h"
#include "ui/widget_trail.h"

namespace parley::ui {

struct PeerStatsView {
  std::string peer_id;
  std::string name;
  const call::StatsHistory* history = nullptr;  // null: no sample yet
};

enum class StatsAction { kNone, kExport, kClose };

// The panel's width: the call screen keeps its tiles clear of it.
inline constexpr float kStatsPanelWidth = 430.0f;

StatsAction draw_stats_panel(const std::vector<PeerStatsView>& peers, WidgetTrail& trail);

}  // namespace parley::ui
