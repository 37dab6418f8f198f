#include "core/call/connection_quality.h"

#include <gtest/gtest.h>

namespace parley::call {
namespace {

PeerFigures sample(std::optional<double> rtt, std::optional<double> loss) {
  PeerFigures figures;
  figures.rtt_ms = rtt;
  figures.packet_loss_percent = loss;
  return figures;
}

ConnectionQuality rate(std::optional<double> rtt, std::optional<double> loss) {
  const PeerFigures figures = sample(rtt, loss);
  return rate_connection(&figures);
}

TEST(ConnectionQuality, UnknownWithoutASampleOrAnRtt) {
  EXPECT_EQ(rate_connection(nullptr), ConnectionQuality::kUnknown);
  EXPECT_EQ(rate(std::nullopt, 0.0), ConnectionQuality::kUnknown);
  EXPECT_STREQ(to_string(ConnectionQuality::kUnknown), "");
}

TEST(ConnectionQuality, RttAndLossEachCanPullItDown) {
  EXPECT_EQ(rate(20.0, 0.0), ConnectionQuality::kGood);
  EXPECT_EQ(rate(20.0, std::nullopt), ConnectionQuality::kGood) << "no loss figure yet";
  EXPECT_EQ(rate(149.9, 0.99), ConnectionQuality::kGood);
  EXPECT_EQ(rate(150.0, 0.0), ConnectionQuality::kFair);
  EXPECT_EQ(rate(20.0, 1.0), ConnectionQuality::kFair);
  EXPECT_EQ(rate(399.0, 4.9), ConnectionQuality::kFair);
  EXPECT_EQ(rate(400.0, 0.0), ConnectionQuality::kPoor);
  EXPECT_EQ(rate(20.0, 5.0), ConnectionQuality::kPoor);
  EXPECT_STREQ(to_string(ConnectionQuality::kPoor), "Poor");
}

TEST(ConnectionQuality, TheApiNamesAreTheOnesParleyDtsDeclares) {
  EXPECT_STREQ(api_name(ConnectionQuality::kUnknown), "unknown");
  EXPECT_STREQ(api_name(ConnectionQuality::kGood), "good");
  EXPECT_STREQ(api_name(ConnectionQuality::kFair), "fair");
  EXPECT_STREQ(api_name(ConnectionQuality::kPoor), "poor");
}

}  // namespace
}  // namespace parley::call
