#include "core/call/remote_tracks.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace parley::call {
namespace {

events::Track track(const std::string& peer, const std::string& id, ports::MediaKind kind) {
  return {peer, {id, kind}};
}

class RemoteTracksTest : public ::testing::Test {
 protected:
  std::vector<std::string> released;
  std::optional<RemoteTracks> tracks{std::in_place,
                                     [this](const std::string& id) { released.push_back(id); }};
};

TEST_F(RemoteTracksTest, KeepsEachPeersTracksUntilThatPeerLeaves) {
  tracks->apply(track("bob", "b-audio", ports::MediaKind::kAudio));
  tracks->apply(track("bob", "b-video", ports::MediaKind::kVideo));
  tracks->apply(track("bob", "b-video", ports::MediaKind::kVideo));  // told twice: kept once
  tracks->apply(track("cy", "c-video", ports::MediaKind::kVideo));
  tracks->apply(events::PeerJoined{"dee", "Dee"});  // not about tracks
  EXPECT_EQ(tracks->size(), 3u);
  EXPECT_EQ(tracks->first_of("bob"), "b-audio");
  EXPECT_EQ(tracks->first_of("dee"), std::nullopt);

  tracks->apply(events::PeerLeft{"bob"});
  EXPECT_EQ(released, (std::vector<std::string>{"b-audio", "b-video"}));
  EXPECT_EQ(tracks->first_of("bob"), std::nullopt);
  EXPECT_EQ(tracks->first_of("cy"), "c-video");
  tracks->apply(events::PeerLeft{"bob"});  // again: nothing more to release
  EXPECT_EQ(released.size(), 2u);
}

TEST_F(RemoteTracksTest, TheEndOfTheCallOrOfTheBookReleasesEveryTrack) {
  tracks->apply(track("bob", "b-video", ports::MediaKind::kVideo));
  tracks->apply(events::Left{"left"});
  EXPECT_EQ(released, std::vector<std::string>{"b-video"});
  EXPECT_EQ(tracks->size(), 0u);

  tracks->apply(track("cy", "c-video", ports::MediaKind::kVideo));
  tracks.reset();
  EXPECT_EQ(released, (std::vector<std::string>{"b-video", "c-video"}));
}

}  // namespace
}  // namespace parley::call
