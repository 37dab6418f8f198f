#include "core/protocol/room_link.h"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace parley {
namespace {

TEST(RoomId, AcceptsUrlSafeNamesUpToSixtyFourCharacters) {
  EXPECT_TRUE(is_valid_room_id("team-sync"));
  EXPECT_TRUE(is_valid_room_id("A_b-9"));
  EXPECT_TRUE(is_valid_room_id(std::string(64, 'x')));
}

TEST(RoomId, RejectsEmptyLongAndUnsafeNames) {
  EXPECT_FALSE(is_valid_room_id(""));
  EXPECT_FALSE(is_valid_room_id(std::string(65, 'x')));
  EXPECT_FALSE(is_valid_room_id("team sync"));
  EXPECT_FALSE(is_valid_room_id("../etc"));
  EXPECT_FALSE(is_valid_room_id("a/b"));
  EXPECT_FALSE(is_valid_room_id("<script>"));
}

TEST(RoomFromUrl, ReadsTheQueryParameter) {
  EXPECT_EQ(room_from_url("http://127.0.0.1:8080/?room=team-sync"), "team-sync");
  EXPECT_EQ(room_from_url("https://h/?lang=en&room=abc&x=1"), "abc");
}

TEST(RoomFromUrl, ReadsTheFragment) {
  EXPECT_EQ(room_from_url("http://127.0.0.1:8080/#team-sync"), "team-sync");
}

TEST(RoomFromUrl, QueryWinsOverFragment) {
  EXPECT_EQ(room_from_url("https://h/?room=q#f"), "q");
}

TEST(RoomFromUrl, DecodesPercentEscapes) {
  EXPECT_EQ(room_from_url("https://h/?room=team%2Dsync"), "team-sync");
}

TEST(RoomFromUrl, GivesNothingForMissingOrInvalidRooms) {
  EXPECT_FALSE(room_from_url("https://h/"));
  EXPECT_FALSE(room_from_url("https://h/?lang=en"));
  EXPECT_FALSE(room_from_url("https://h/?room="));
  EXPECT_FALSE(room_from_url("https://h/?room=a%2Fb"));  // decodes to "a/b"
  EXPECT_FALSE(room_from_url("https://h/?room=bad%2"));  // truncated escape
  EXPECT_FALSE(room_from_url("https://h/?room=bad%zz"));
  EXPECT_FALSE(room_from_url("https://h/#a+b"));  // decodes to "a b"
}

TEST(RoomIdFromRandom, EncodesSixteenBytesAsTwentySixBase32Characters) {
  const std::array<std::uint8_t, kRoomIdRandomBytes> zeros{};
  EXPECT_EQ(room_id_from_random(zeros), std::string(26, 'a'));

  std::array<std::uint8_t, kRoomIdRandomBytes> ones{};
  ones.fill(0xFF);
  const std::string id = room_id_from_random(ones);
  // 128 bits = 25 full characters + 3 bits; 0b111 padded to 0b11100 = 28 = '4'.
  EXPECT_EQ(id, std::string(25, '7') + "4");
  EXPECT_TRUE(is_valid_room_id(id));
}

TEST(RoomIdFromRandom, MatchesTheRfc4648TestVector) {
  // RFC 4648 section 10: BASE32("foobar") = "MZXW6YTBOI" (lowercased, unpadded here).
  const std::array<std::uint8_t, 6> foobar{'f', 'o', 'o', 'b', 'a', 'r'};
  EXPECT_EQ(room_id_from_random(foobar), "mzxw6ytboi");
}

TEST(RoomIdFromRandom, DifferentBytesGiveDifferentIds) {
  std::set<std::string> ids;
  for (std::uint8_t i = 0; i < 32; ++i) {
    std::array<std::uint8_t, kRoomIdRandomBytes> bytes{};
    bytes[i % kRoomIdRandomBytes] = static_cast<std::uint8_t>(i + 1);
    ids.insert(room_id_from_random(bytes));
  }
  EXPECT_EQ(ids.size(), 32u);
}

TEST(InviteLink, ReplacesQueryAndFragmentWithTheRoom) {
  EXPECT_EQ(invite_link("http://127.0.0.1:8080/?room=old#x", "new"),
            "http://127.0.0.1:8080/?room=new");
  EXPECT_EQ(invite_link("https://h/app", "r1"), "https://h/app?room=r1");
}

TEST(RoomFromTypedLink, APastedInviteLinkBecomesItsRoom) {
  EXPECT_EQ(room_from_typed_link("https://parley.example/?room=team-sync"), "team-sync");
  EXPECT_EQ(room_from_typed_link("  http://127.0.0.1:8080/?name=x&room=a_b#c \n"), "a_b");
  EXPECT_EQ(room_from_typed_link("https://parley.example/#standup"), "standup");
  EXPECT_EQ(room_from_typed_link("?room=daily"), "daily");
  EXPECT_EQ(room_from_typed_link("#daily"), "daily");
}

TEST(RoomFromTypedLink, TextThatIsNoLinkOrNamesNoValidRoomIsLeftAsTyped) {
  EXPECT_EQ(room_from_typed_link("team-sync"), std::nullopt);
  EXPECT_EQ(room_from_typed_link("team?sync"), std::nullopt);  // typed, not a link
  EXPECT_EQ(room_from_typed_link(""), std::nullopt);
  EXPECT_EQ(room_from_typed_link("https://parley.example/"), std::nullopt);
  EXPECT_EQ(room_from_typed_link("https://parley.example/?room=bad%20room"), std::nullopt);
}

}  // namespace
}  // namespace parley
