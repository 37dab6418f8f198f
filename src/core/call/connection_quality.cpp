#include "core/call/connection_quality.h"

namespace parley::call {
namespace {
constexpr double kGoodRttMs = 150;
constexpr double kFairRttMs = 400;
constexpr double kGoodLossPercent = 1;
constexpr double kFairLossPercent = 5;
}  // namespace

ConnectionQuality rate_connection(const PeerFigures* latest) {
  if (latest == nullptr || !latest->rtt_ms) return ConnectionQuality::kUnknown;
  const double rtt = *latest->rtt_ms;
  const double loss = latest->packet_loss_percent.value_or(0);
  if (rtt < kGoodRttMs && loss < kGoodLossPercent) return ConnectionQuality::kGood;
  if (rtt < kFairRttMs && loss < kFairLossPercent) return ConnectionQuality::kFair;
  return ConnectionQuality::kPoor;
}

const char* to_string(ConnectionQuality quality) {
  switch (quality) {
    case ConnectionQuality::kGood:
      return "Good";
    case ConnectionQuality::kFair:
      return "Fair";
    case ConnectionQuality::kPoor:
      return "Poor";
    case ConnectionQuality::kUnknown:
      break;
  }
  return "";
}

const char* api_name(ConnectionQuality quality) {
  switch (quality) {
    case ConnectionQuality::kGood:
      return "good";
    case ConnectionQuality::kFair:
      return "fair";
    case ConnectionQuality::kPoor:
      return "poor";
    case ConnectionQuality::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace parley::call
