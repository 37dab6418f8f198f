#include "server/access/join_access.h"

#include <gtest/gtest.h>

namespace parley::server {
namespace {

using namespace std::chrono_literals;
using protocol::ErrorCode;
using protocol::JoinRequest;
using protocol::ProtocolError;

constexpr std::string_view kSecret = "0123456789abcdef-secret";
const WallClock::time_point kNow{1'700'000'000s};

JoinAccess access_with_secret() {
  return JoinAccess(std::string(kSecret), {}, [] { return kNow; });
}

JoinRequest join(std::optional<std::string> peer_id, std::optional<std::string> token) {
  return JoinRequest{"room", std::move(peer_id), "", std::move(token)};
}

std::string token_for(std::optional<std::string> peer_id) {
  return mint_join_token(kSecret, {"room", std::move(peer_id), kNow + 1min});
}

TEST(JoinAccess, WithoutASecretEveryJoinPasses) {
  const auto admitted = JoinAccess().admit(join("alice", std::nullopt));
  ASSERT_TRUE(std::holds_alternative<AdmittedJoin>(admitted));
  EXPECT_EQ(std::get<AdmittedJoin>(admitted).join.peer_id, "alice");
}

TEST(JoinAccess, WithASecretAJoinWithoutTokenIsUnauthorized) {
  const auto admitted = access_with_secret().admit(join("alice", std::nullopt));
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(admitted));
  EXPECT_EQ(std::get<ProtocolError>(admitted).code, ErrorCode::kUnauthorized);
}

TEST(JoinAccess, ABoundTokenSuppliesItsPeerId) {
  const auto admitted = access_with_secret().admit(join(std::nullopt, token_for("alice")));
  ASSERT_TRUE(std::holds_alternative<AdmittedJoin>(admitted));
  EXPECT_EQ(std::get<AdmittedJoin>(admitted).join.peer_id, "alice");
}

TEST(JoinAccess, ABoundTokenRefusesAnotherPeerId) {
  const auto admitted = access_with_secret().admit(join("mallory", token_for("alice")));
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(admitted));
  EXPECT_EQ(std::get<ProtocolError>(admitted).code, ErrorCode::kUnauthorized);
  EXPECT_NE(std::get<ProtocolError>(admitted).message.find("alice"), std::string::npos);
}

TEST(JoinAccess, AnUnboundTokenKeepsTheRequestedPeerId) {
  const auto admitted = access_with_secret().admit(join("bob", token_for(std::nullopt)));
  ASSERT_TRUE(std::holds_alternative<AdmittedJoin>(admitted));
  EXPECT_EQ(std::get<AdmittedJoin>(admitted).join.peer_id, "bob");
}

TEST(JoinAccess, IceServersUseTheInjectedClock) {
  IceServerConfig ice;
  ice.turn_urls = {"turn:127.0.0.1"};
  ice.turn_secret = "s";
  ice.turn_ttl = 60s;
  const JoinAccess access(std::nullopt, ice, [] { return kNow; });
  EXPECT_EQ(access.ice_servers_for(AdmittedJoin{}, "alice")[0]["username"], "1700000060:alice");
}

TEST(JoinAccess, ABoundTokenProvesItsPeerIdAndAnUnboundOneDoesNot) {
  const auto bound = access_with_secret().admit(join(std::nullopt, token_for("alice")));
  ASSERT_TRUE(std::holds_alternative<AdmittedJoin>(bound));
  EXPECT_TRUE(std::get<AdmittedJoin>(bound).peer_id_bound);
  const auto unbound = access_with_secret().admit(join("alice", token_for(std::nullopt)));
  ASSERT_TRUE(std::holds_alternative<AdmittedJoin>(unbound));
  EXPECT_FALSE(std::get<AdmittedJoin>(unbound).peer_id_bound);
}

TEST(JoinAccess, ATokenLivingLongerThanTheServerAllowsIsRefused) {
  const JoinAccess access(
      std::string(kSecret), {}, [] { return kNow; }, 1h);
  const auto year = mint_join_token(kSecret, {"room", std::nullopt, kNow + 24h * 365});
  const auto refused = access.admit(join("alice", year));
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(refused));
  EXPECT_EQ(std::get<ProtocolError>(refused).code, ErrorCode::kUnauthorized);
  EXPECT_NE(std::get<ProtocolError>(refused).message.find("longer"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<AdmittedJoin>(access.admit(join("alice", token_for({})))));
}

TEST(JoinAccess, TurnCredentialsNeverOutliveTheJoinToken) {
  IceServerConfig ice;
  ice.turn_urls = {"turn:127.0.0.1"};
  ice.turn_secret = "s";
  ice.turn_ttl = 2h;
  const JoinAccess access(std::string(kSecret), ice, [] { return kNow; });
  const auto admitted = access.admit(join("alice", token_for(std::nullopt)));  // 1 min left
  ASSERT_TRUE(std::holds_alternative<AdmittedJoin>(admitted));
  EXPECT_EQ(access.ice_servers_for(std::get<AdmittedJoin>(admitted), "alice")[0]["username"],
            "1700000060:alice");
}

TEST(JoinAccess, TurnCredentialsAreRenewedThreeQuartersIntoTheirLifeUnlessTheTokenEndsFirst) {
  IceServerConfig ice;
  ice.turn_urls = {"turn:127.0.0.1"};
  ice.turn_secret = "s";
  ice.turn_ttl = 40s;
  const JoinAccess open_access(std::nullopt, ice, [] { return kNow; });
  const auto anyone = std::get<AdmittedJoin>(open_access.admit(join("alice", std::nullopt)));
  EXPECT_EQ(open_access.renew_credentials_in(anyone), 30s);

  const JoinAccess guarded(std::string(kSecret), ice, [] { return kNow; });
  const auto short_token = std::get<AdmittedJoin>(guarded.admit(join("alice", token_for({}))));
  EXPECT_EQ(guarded.renew_credentials_in(short_token), 30s) << "the token outlives 40 s";
  ice.turn_ttl = 2min;  // now the token (1 min) ends before the credentials would
  const JoinAccess longer_ttl(std::string(kSecret), ice, [] { return kNow; });
  EXPECT_EQ(longer_ttl.renew_credentials_in(short_token), std::nullopt);

  const JoinAccess stun_only(std::nullopt, IceServerConfig{{"stun:127.0.0.1"}, {}, "", 40s},
                             [] { return kNow; });
  EXPECT_EQ(stun_only.renew_credentials_in(anyone), std::nullopt) << "nothing to renew";
}

}  // namespace
}  // namespace parley::server
