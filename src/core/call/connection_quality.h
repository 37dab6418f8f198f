// A connection's quality for a badge on its tile, from the latest stats sample: round-trip
// time and inbound packet loss, the two figures people feel as lag and breakup.
//
//   good: RTT < 150 ms and loss < 1 %;  fair: RTT < 400 ms and loss < 5 %;  else poor.
//   Unknown until a sample has an RTT.
#pragma once

#include "core/call/stats_history.h"

namespace parley::call {

enum class ConnectionQuality { kUnknown, kGood, kFair, kPoor };

ConnectionQuality rate_connection(const PeerFigures* latest);
const char* to_string(ConnectionQuality quality);  // "", "Good", "Fair", "Poor"
// The JavaScript API's name: "unknown", "good", "fair", "poor" (parley.d.ts).
const char* api_name(ConnectionQuality quality);

}  // namespace parley::call
