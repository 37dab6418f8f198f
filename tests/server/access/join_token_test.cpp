#include "server/access/join_token.h"

#include <gtest/gtest.h>

namespace parley::server {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kSecret = "0123456789abcdef-secret";
const WallClock::time_point kNow{1'700'000'000s};

std::string mint(std::string room, std::optional<std::string> peer_id,
                 WallClock::time_point expiry) {
  return mint_join_token(kSecret, {std::move(room), std::move(peer_id), expiry});
}

TokenRejection rejection_of(const std::variant<JoinGrant, TokenRejection>& checked) {
  EXPECT_TRUE(std::holds_alternative<TokenRejection>(checked)) << "the token was accepted";
  return std::holds_alternative<TokenRejection>(checked) ? std::get<TokenRejection>(checked)
                                                         : TokenRejection::kMissing;
}

TEST(JoinToken, HasTheDocumentedFormatAndSignature) {
  // The signature was computed independently (Python's hmac over the documented text),
  // so a site minting tokens in another language can check its implementation here.
  EXPECT_EQ(mint("team-sync", "alice", kNow + 1h),
            "v1.1700003600.alice.qxMQmC2XJjvNXI12K0Luy4LPInTH1lsytvUXI1-RVKE");
}

TEST(JoinToken, AValidTokenGrantsItsPeerId) {
  const auto checked =
      verify_join_token(kSecret, mint("team-sync", "alice", kNow + 1h), "team-sync", kNow);
  ASSERT_TRUE(std::holds_alternative<JoinGrant>(checked));
  EXPECT_EQ(std::get<JoinGrant>(checked).peer_id, "alice");
}

TEST(JoinToken, ATokenWithoutPeerIdGrantsAnyId) {
  const auto checked =
      verify_join_token(kSecret, mint("team-sync", std::nullopt, kNow + 1h), "team-sync", kNow);
  ASSERT_TRUE(std::holds_alternative<JoinGrant>(checked));
  EXPECT_FALSE(std::get<JoinGrant>(checked).peer_id);
}

TEST(JoinToken, PeerIdsWithDotsSurviveTheRoundTrip) {
  const auto checked = verify_join_token(kSecret, mint("r", "a.b.c", kNow + 1h), "r", kNow);
  ASSERT_TRUE(std::holds_alternative<JoinGrant>(checked));
  EXPECT_EQ(std::get<JoinGrant>(checked).peer_id, "a.b.c");
}

TEST(JoinToken, ExpiredTokensAreRefusedAtTheExpirySecond) {
  const std::string token = mint("r", std::nullopt, kNow + 10s);
  EXPECT_TRUE(std::holds_alternative<JoinGrant>(verify_join_token(kSecret, token, "r", kNow + 9s)));
  EXPECT_EQ(rejection_of(verify_join_token(kSecret, token, "r", kNow + 10s)),
            TokenRejection::kExpired);
}

TEST(JoinToken, AnotherRoomOrSecretMakesItForged) {
  const std::string token = mint("room-a", "alice", kNow + 1h);
  EXPECT_EQ(rejection_of(verify_join_token(kSecret, token, "room-b", kNow)),
            TokenRejection::kForged);
  EXPECT_EQ(rejection_of(verify_join_token("another-secret-of-16", token, "room-a", kNow)),
            TokenRejection::kForged);
}

TEST(JoinToken, EditedClaimsAreForged) {
  const std::string token = mint("r", "alice", kNow + 1h);
  std::string other_peer = token;
  other_peer.replace(other_peer.find("alice"), 5, "mallo");
  EXPECT_EQ(rejection_of(verify_join_token(kSecret, other_peer, "r", kNow)),
            TokenRejection::kForged);
  std::string later = token;
  later.replace(3, 10, "1900000000");  // push the expiry out
  EXPECT_EQ(rejection_of(verify_join_token(kSecret, later, "r", kNow)), TokenRejection::kForged);
}

TEST(JoinToken, MalformedTokensAreNamedSo) {
  for (const std::string_view bad :
       {"garbage", "v1.", "v1.123", "v2.1700003600.alice.sig", "v1.-5.alice.sig",
        "v1.12x.alice.sig", "v1.1234567890123.alice.sig", "v1.1700003600.bad id.sig",
        "v1..alice.sig"}) {
    EXPECT_EQ(rejection_of(verify_join_token(kSecret, bad, "r", kNow)), TokenRejection::kMalformed)
        << bad;
  }
  EXPECT_EQ(rejection_of(verify_join_token(kSecret, "", "r", kNow)), TokenRejection::kMissing);
}

TEST(JoinToken, EveryRejectionHasAMessage) {
  for (const auto rejection : {TokenRejection::kMissing, TokenRejection::kMalformed,
                               TokenRejection::kForged, TokenRejection::kExpired}) {
    EXPECT_FALSE(describe(rejection).empty());
  }
}

}  // namespace
}  // namespace parley::server
