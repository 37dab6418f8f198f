#include "core/call/signaling_rehearsal.h"

#include <gtest/gtest.h>

namespace parley::call {
namespace {

// The rehearsal checks its own round trips; this fails if the message path it runs
// (relay_message, parse_server_message, description_from, candidate_from) stops carrying
// an offer, an answer or a candidate intact.
TEST(SignalingRehearsal, EveryMessageComesBackAsItWentOut) {
  EXPECT_TRUE(rehearse_signaling());
}

}  // namespace
}  // namespace parley::call
