#include "server/cluster/bus_envelope.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace parley::server {
namespace {

using nlohmann::json;

BusEnvelope relay() {
  BusEnvelope envelope;
  envelope.from_node = "a-0123abcd";
  envelope.room = "standup";
  envelope.to_peer = "bob";
  envelope.frame = R"({"type":"offer","from":"ada","sdp":"v=0\r\n"})";
  return envelope;
}

TEST(BusEnvelope, ARelayRoundTrips) {
  const auto decoded = decode_envelope(encode_envelope(relay()));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->kind, BusEnvelope::Kind::kDeliver);
  EXPECT_EQ(decoded->from_node, "a-0123abcd");
  EXPECT_EQ(decoded->room, "standup");
  EXPECT_EQ(decoded->to_peer, "bob");
  EXPECT_FALSE(decoded->except_peer);
  EXPECT_EQ(decoded->frame, relay().frame);
  EXPECT_EQ(decoded->change, BusEnvelope::Change::kNone);
  EXPECT_EQ(decoded->sent_at_us, 0);

  BusEnvelope stamped = relay();
  stamped.sent_at_us = 1'796'000'000'123'456;
  EXPECT_EQ(decode_envelope(encode_envelope(stamped))->sent_at_us, 1'796'000'000'123'456);
}

// The frame travels as it came: any bytes, newlines included, neither escaped nor parsed.
TEST(BusEnvelope, TheFrameTravelsByteForByte) {
  BusEnvelope envelope = relay();
  envelope.frame = std::string("{\"sdp\":\"v=0\\r\\n\"}\n\nline\n") + std::string(1, '\0') + "\xff";
  const auto encoded = encode_envelope(envelope);
  EXPECT_EQ(encoded.substr(encoded.find('\n') + 1), envelope.frame);
  const auto decoded = decode_envelope(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->frame, envelope.frame);
}

TEST(BusEnvelope, AnnouncementsCarryTheirChange) {
  BusEnvelope joined = relay();
  joined.to_peer.reset();
  joined.except_peer = "cy";
  joined.change = BusEnvelope::Change::kJoined;
  joined.subject = "cy";
  joined.order = 7;
  const auto decoded = decode_envelope(encode_envelope(joined));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->order, 7);
  EXPECT_EQ(decoded->change, BusEnvelope::Change::kJoined);
  EXPECT_EQ(decoded->subject, "cy");
  EXPECT_EQ(decoded->except_peer, "cy");

  BusEnvelope replaced;
  replaced.kind = BusEnvelope::Kind::kReplaced;
  replaced.from_node = "b-1";
  replaced.room = "standup";
  replaced.subject = "bob";
  const auto back = decode_envelope(encode_envelope(replaced));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, BusEnvelope::Kind::kReplaced);
  EXPECT_EQ(back->subject, "bob");
}

// What a bad publisher on the bus could send: each is dropped, none throws.
TEST(BusEnvelope, MalformedEnvelopesAreDropped) {
  const std::string encoded = encode_envelope(relay());
  const std::size_t header_end = encoded.find('\n');
  const json good = json::parse(encoded.substr(0, header_end));
  const std::string frame = encoded.substr(header_end);  // the newline and the frame
  const auto with = [&](const char* key, json value) {
    json copy = good;
    copy[key] = std::move(value);
    return copy.dump() + frame;
  };
  const auto without = [&](const char* key) {
    json copy = good;
    copy.erase(key);
    return copy.dump() + frame;
  };
  for (const std::string& bad : {std::string("not json"),
                                 std::string("[]"),
                                 std::string("{}"),
                                 std::string("\xff\xfe"),
                                 with("v", 3),
                                 with("v", "1"),
                                 without("v"),
                                 with("kind", "explode"),
                                 without("kind"),
                                 with("node", ""),
                                 with("node", "a b"),
                                 with("node", std::string(101, 'n')),
                                 without("node"),
                                 with("room", "../etc"),
                                 with("room", 5),
                                 without("room"),
                                 with("to", "not a peer id!"),
                                 with("to", json::array()),
                                 with("except", 1),
                                 with("frame", 42),
                                 with("frame", "in the header, as version 1 had it"),
                                 with("v", 1),
                                 with("change", "exploded"),
                                 with("change", "joined"),
                                 with("subject", "bad id!"),
                                 with("t", "soon"),
                                 with("t", -5),
                                 with("t", 1.5)}) {
    EXPECT_FALSE(decode_envelope(bad)) << bad;
  }
  // A delivery that says nothing, and a replacement without its subject.
  EXPECT_FALSE(decode_envelope(good.dump()));
  EXPECT_FALSE(decode_envelope(good.dump() + "\n"));
  json replaced = good;
  replaced["kind"] = "replaced";
  EXPECT_FALSE(decode_envelope(replaced.dump()));
  // Deep nesting does not crash the parser.
  EXPECT_FALSE(decode_envelope(std::string(100000, '[')));
}

TEST(BusEnvelope, NodeNames) {
  EXPECT_TRUE(is_valid_node_name("a-1f3e9c00"));
  EXPECT_TRUE(is_valid_node_name("eu_west.2-abc"));
  EXPECT_FALSE(is_valid_node_name(""));
  EXPECT_FALSE(is_valid_node_name("a:b"));
  EXPECT_FALSE(is_valid_node_name("a b"));
  EXPECT_FALSE(is_valid_node_name("{a}"));
}

}  // namespace
}  // namespace parley::server
