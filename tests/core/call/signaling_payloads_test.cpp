#include "core/call/signaling_payloads.h"

#include <gtest/gtest.h>

namespace parley::call {
namespace {
using nlohmann::json;
using ports::SessionDescription;

TEST(SignalingPayloads, DescriptionsHaveTheRtcSessionDescriptionShape) {
  EXPECT_EQ(description_fields({SessionDescription::Type::kOffer, "v=0"}),
            json({{"sdp", {{"type", "offer"}, {"sdp", "v=0"}}}}));
}

TEST(SignalingPayloads, CandidatesHaveTheRtcIceCandidateShape) {
  EXPECT_EQ(candidate_fields({"candidate:1", "0", 0, "uf"}),
            json({{"candidate",
                   {{"candidate", "candidate:1"},
                    {"sdpMid", "0"},
                    {"sdpMLineIndex", 0},
                    {"usernameFragment", "uf"}}}}));
}

TEST(SignalingPayloads, ReadBackWhatTheyWrite) {
  json offer = description_fields({SessionDescription::Type::kAnswer, "v=0\r\n"});
  offer["type"] = "answer";
  const auto description = description_from(offer);
  ASSERT_TRUE(description);
  EXPECT_EQ(description->type, SessionDescription::Type::kAnswer);
  EXPECT_EQ(description->sdp, "v=0\r\n");
  const auto candidate =
      candidate_from(candidate_fields({"candidate:2", std::nullopt, 1, std::nullopt}));
  ASSERT_TRUE(candidate);
  EXPECT_EQ(candidate->sdp_mline_index, 1);
  EXPECT_FALSE(candidate->sdp_mid);
}

TEST(SignalingPayloads, RefuseWhatAPeerConnectionCannotUse) {
  EXPECT_FALSE(description_from({{"type", "offer"}}));
  EXPECT_FALSE(description_from({{"type", "pranswer"}, {"sdp", "x"}}));
  EXPECT_FALSE(description_from({{"type", "offer"}, {"sdp", {{"type", "answer"}, {"sdp", "x"}}}}));
  EXPECT_FALSE(candidate_from({{"candidate", {{"candidate", "c"}}}})) << "no m-line to place it on";
  EXPECT_FALSE(candidate_from({{"candidate", nullptr}}));
}

}  // namespace
}  // namespace parley::call
