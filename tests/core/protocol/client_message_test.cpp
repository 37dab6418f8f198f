#include "core/protocol/client_message.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::protocol {
namespace {

const ProtocolLimits kLimits;

ParsedClientMessage parse(std::string_view frame) {
  return parse_client_message(frame, kLimits);
}

// The error code of a rejected frame, or "accepted".
std::string code_of(std::string_view frame) {
  const auto parsed = parse(frame);
  if (const auto* error = std::get_if<ProtocolError>(&parsed))
    return std::string(to_string(error->code));
  return "accepted";
}

TEST(ClientMessage, ReferenceJoinIsAccepted) {
  const auto parsed = parse(R"({"type":"join","room":"team-sync","peerId":"alice"})");
  const auto* join = std::get_if<JoinRequest>(&parsed);
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->room, "team-sync");
  EXPECT_EQ(join->peer_id, "alice");
  EXPECT_EQ(join->name, "");
  EXPECT_FALSE(join->token);
}

TEST(ClientMessage, ParleyJoinCarriesNameAndTokenAndMayOmitPeerId) {
  const auto parsed = parse(R"({"type":"join","room":"r","name":"Ada Lovelace","token":"t.k"})");
  const auto* join = std::get_if<JoinRequest>(&parsed);
  ASSERT_NE(join, nullptr);
  EXPECT_FALSE(join->peer_id);
  EXPECT_EQ(join->name, "Ada Lovelace");
  EXPECT_EQ(join->token, "t.k");
}

TEST(ClientMessage, UuidPeerIdsFit) {
  EXPECT_EQ(
      code_of(R"({"type":"join","room":"r","peerId":"0b6f6f2e-3c1a-4a8e-9d2b-1f0e5c7a9b3d"})"),
      "accepted");
}

TEST(ClientMessage, JoinWithBadFieldsIsABadMessage) {
  EXPECT_EQ(code_of(R"({"type":"join"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":""})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":"a b"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":42})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":"r","peerId":"a/b"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":"r","peerId":7})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":"r","name":["x"]})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":"r","name":")" + std::string(65, 'n') + "\"}"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"join","room":"r","token":")" + std::string(1025, 't') + "\"}"),
            "bad-message");
}

TEST(ClientMessage, JoinMayAskToResume) {
  const auto parsed = parse(R"({"type":"join","room":"r","peerId":"a","resume":true})");
  ASSERT_TRUE(std::holds_alternative<JoinRequest>(parsed));
  EXPECT_TRUE(std::get<JoinRequest>(parsed).resume);
  EXPECT_FALSE(std::get<JoinRequest>(parse(R"({"type":"join","room":"r"})")).resume);
  EXPECT_EQ(code_of(R"({"type":"join","room":"r","resume":"yes"})"), "bad-message");
}

TEST(ClientMessage, BuiltMessagesParseBackToWhatWasBuilt) {
  JoinRequest join;
  join.room = "team-sync";
  join.peer_id = "p1";
  join.name = "Ada";
  join.token = "v1.1.p1.sig";
  join.resume = true;
  const auto parsed = std::get<JoinRequest>(parse(join_message(join)));
  EXPECT_EQ(parsed.room, "team-sync");
  EXPECT_EQ(parsed.peer_id, "p1");
  EXPECT_EQ(parsed.name, "Ada");
  EXPECT_EQ(parsed.token, "v1.1.p1.sig");
  EXPECT_TRUE(parsed.resume);
  const std::string relay =
      relay_message("ice-candidate", "bob", {{"candidate", {{"candidate", "c"}, {"sdpMid", "0"}}}});
  EXPECT_EQ(std::get<RelayRequest>(parse(relay)).target, "bob");
  EXPECT_TRUE(std::holds_alternative<LeaveRequest>(parse(leave_message())));
}

TEST(ClientMessage, LeaveIsAccepted) {
  EXPECT_TRUE(std::holds_alternative<LeaveRequest>(parse(R"({"type":"leave"})")));
}

TEST(ClientMessage, RelayKeepsTheFrameAndTarget) {
  const std::string frame =
      R"({"type":"offer","target":"bob","sdp":{"type":"offer","sdp":"v=0\r\n"}})";
  const auto parsed = parse(frame);
  const auto* relay = std::get_if<RelayRequest>(&parsed);
  ASSERT_NE(relay, nullptr);
  EXPECT_EQ(relay->type, "offer");
  EXPECT_EQ(relay->target, "bob");
  EXPECT_EQ(relay->frame, frame);
  EXPECT_FALSE(relay->has_from_field);
}

TEST(ClientMessage, RelayNoticesAClientWrittenFrom) {
  const auto parsed = parse(R"({"type":"answer","target":"bob","from":"mallory","sdp":"x"})");
  ASSERT_TRUE(std::holds_alternative<RelayRequest>(parsed));
  EXPECT_TRUE(std::get<RelayRequest>(parsed).has_from_field);
}

TEST(ClientMessage, EveryRelayedTypeIsAcceptedWithItsPayload) {
  EXPECT_EQ(code_of(R"({"type":"offer","target":"b","sdp":{"type":"offer","sdp":""}})"),
            "accepted");
  EXPECT_EQ(code_of(R"({"type":"answer","target":"b","sdp":{"type":"answer","sdp":""}})"),
            "accepted");
  EXPECT_EQ(code_of(R"({"type":"ice-candidate","target":"b","candidate":{"candidate":"c"}})"),
            "accepted");
  EXPECT_EQ(code_of(R"({"type":"ice-candidate","target":"b","candidate":null})"), "accepted");
  EXPECT_EQ(code_of(R"({"type":"media-state","target":"b","microphone":false,"camera":true})"),
            "accepted");
  EXPECT_EQ(code_of(R"({"type":"media-state","microphone":false})"), "bad-message") << "no target";
}

TEST(ClientMessage, RelayWithoutTargetOrPayloadIsABadMessage) {
  EXPECT_EQ(code_of(R"({"type":"offer","sdp":"x"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"offer","target":"","sdp":"x"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"offer","target":["b"],"sdp":"x"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"offer","target":"b"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"answer","target":"b","sdp":5})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"ice-candidate","target":"b"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"ice-candidate","target":"b","candidate":1})"), "bad-message");
}

TEST(ClientMessage, UnknownTypesAreNamedInTheError) {
  const auto parsed = parse(R"({"type":"teleport"})");
  const auto* error = std::get_if<ProtocolError>(&parsed);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, ErrorCode::kUnknownType);
  EXPECT_NE(error->message.find("teleport"), std::string::npos);
}

TEST(ClientMessage, NonObjectsAndMissingTypesAreBadMessages) {
  EXPECT_EQ(code_of("[]"), "bad-message");
  EXPECT_EQ(code_of("\"join\""), "bad-message");
  EXPECT_EQ(code_of("{}"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":7})"), "bad-message");
}

TEST(ClientMessage, BrokenJsonIsBadJson) {
  EXPECT_EQ(code_of(""), "bad-json");
  EXPECT_EQ(code_of("{"), "bad-json");
  EXPECT_EQ(code_of(R"({"type":"join",})"), "bad-json");
  EXPECT_EQ(code_of("not json"), "bad-json");
}

TEST(ClientMessage, InvalidUtf8IsBadJson) {
  EXPECT_EQ(code_of("{\"type\":\"join\",\"room\":\"r\",\"name\":\"\xC0\xAF\"}"), "bad-json");
}

TEST(ClientMessage, DeepNestingIsRejectedBeforeParsing) {
  const std::string deep = R"({"type":"offer","target":"b","sdp":)" + std::string(100'000, '[') +
                           std::string(100'000, ']') + "}";
  ProtocolLimits roomy = kLimits;
  roomy.max_message_bytes = deep.size();
  const auto parsed = parse_client_message(deep, roomy);
  const auto* error = std::get_if<ProtocolError>(&parsed);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, ErrorCode::kBadJson);
  EXPECT_NE(error->message.find("deeper"), std::string::npos);
}

TEST(ClientMessage, OversizedFramesAreTooLarge) {
  const std::string big =
      R"({"type":"offer","target":"b","sdp":")" + std::string(64 * 1024, 'x') + "\"}";
  EXPECT_EQ(code_of(big), "too-large");
}

}  // namespace
}  // namespace parley::protocol
