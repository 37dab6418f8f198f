#include "core/call/path_diagnosis.h"

#include <gtest/gtest.h>

namespace parley::call {
namespace {

constexpr const char* kHost = "candidate:1 1 udp 2122260223 10.0.1.2 50017 typ host generation 0";
constexpr const char* kMapped =
    "candidate:2 1 udp 1686052607 203.0.113.101 50017 typ srflx raddr 10.0.1.2 rport 50017";
constexpr const char* kRelay =
    "candidate:3 1 udp 41885439 203.0.113.20 49199 typ relay raddr 203.0.113.101 rport 38126";

ports::RtcConfiguration with_servers(std::vector<std::string> urls) {
  ports::RtcConfiguration configuration;
  configuration.ice_servers.push_back({std::move(urls), "user", "secret"});
  return configuration;
}

TEST(PathDiagnosis, ReadsTheCandidateType) {
  EXPECT_EQ(candidate_type_of(kHost), "host");
  EXPECT_EQ(candidate_type_of(kRelay), "relay");
  EXPECT_EQ(candidate_type_of("candidate:4 1 udp 1 10.0.0.1 9 typ prflx"), "prflx");
  EXPECT_EQ(candidate_type_of("not a candidate"), "");
  EXPECT_EQ(candidate_type_of(""), "");
}

TEST(PathDiagnosis, WithoutATurnServerSaysNoneIsConfigured) {
  PathDiagnosis diagnosis(with_servers({"stun:203.0.113.20:3478"}));
  diagnosis.on_local_candidate(kHost);
  diagnosis.on_local_candidate(kMapped);
  diagnosis.on_remote_candidate(kMapped);
  EXPECT_FALSE(diagnosis.has_turn_server());
  EXPECT_NE(diagnosis.cause().find("no TURN relay is configured"), std::string::npos)
      << diagnosis.cause();
}

TEST(PathDiagnosis, ATurnServerThatGaveNoRelayCandidateWasUnreachable) {
  PathDiagnosis diagnosis(with_servers({"stun:s", "turn:203.0.113.20:3478?transport=udp"}));
  diagnosis.on_local_candidate(kHost);
  diagnosis.on_remote_candidate(kMapped);
  EXPECT_TRUE(diagnosis.has_turn_server());
  EXPECT_FALSE(diagnosis.gathered_relay());
  EXPECT_NE(diagnosis.cause().find("could not be reached or refused our credentials"),
            std::string::npos)
      << diagnosis.cause();
}

TEST(PathDiagnosis, ARelayOnEitherSideThatDidNotHelpIsSaidSo) {
  PathDiagnosis ours(with_servers({"turns:turn.example.org:443"}));
  ours.on_local_candidate(kRelay);
  ours.on_remote_candidate(kMapped);
  EXPECT_TRUE(ours.gathered_relay());
  EXPECT_NE(ours.cause().find("not even the TURN relay"), std::string::npos) << ours.cause();

  PathDiagnosis theirs(ports::RtcConfiguration{});
  theirs.on_remote_candidate(kRelay);
  EXPECT_NE(theirs.cause().find("not even the TURN relay"), std::string::npos) << theirs.cause();
}

TEST(PathDiagnosis, ReadsTheCandidatesADescriptionCarries) {
  PathDiagnosis diagnosis(ports::RtcConfiguration{});
  diagnosis.on_local_description("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n");
  diagnosis.on_remote_description(std::string("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=") +
                                  kMapped + "\r\na=end-of-candidates\r\n");
  EXPECT_FALSE(diagnosis.gathered_relay());
  EXPECT_NE(diagnosis.cause().find("no TURN relay is configured"), std::string::npos)
      << diagnosis.cause();
  diagnosis.on_local_description(std::string("v=0\na=") + kRelay);  // a bare \n ends a line too
  EXPECT_TRUE(diagnosis.gathered_relay());
}

TEST(PathDiagnosis, NoCandidateFromThePeerIsNotBlamedOnNats) {
  PathDiagnosis diagnosis(ports::RtcConfiguration{});
  diagnosis.on_local_candidate(kHost);
  diagnosis.on_remote_candidate("garbage");
  EXPECT_EQ(diagnosis.cause(), "none of their network addresses reached us");
}

}  // namespace
}  // namespace parley::call
