#include "core/base/json_scan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley {
namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

bool accepts(std::string_view text, std::size_t max_depth = 16) {
  return !scan_json(text, max_depth, [](const JsonMember&) {}).error;
}

std::optional<JsonScanError::Kind> error_kind(std::string_view text, std::size_t max_depth = 16) {
  const auto scan = scan_json(text, max_depth, [](const JsonMember&) {});
  if (!scan.error) return std::nullopt;
  return scan.error->kind;
}

TEST(JsonScan, ReportsTopLevelMembersWithTheirKindsAndRawStrings) {
  std::vector<JsonMember> members;
  const auto scan = scan_json(
      R"({"type":"offer","target":"b\u0062","sdp":{"sdp":"v=0"},"n":-1.5e3,"ok":true,"x":null,"l":[1]})",
      16, [&](const JsonMember& member) { members.push_back(member); });
  ASSERT_FALSE(scan.error);
  EXPECT_EQ(scan.top_level, JsonKind::kObject);
  ASSERT_EQ(members.size(), 7u);
  EXPECT_EQ(members[0].key, "type");
  EXPECT_EQ(members[0].kind, JsonKind::kString);
  EXPECT_EQ(members[0].string_value, "offer");
  EXPECT_FALSE(members[0].value_has_escapes);
  EXPECT_EQ(members[1].string_value, R"(b\u0062)");
  EXPECT_TRUE(members[1].value_has_escapes);
  EXPECT_EQ(members[2].kind, JsonKind::kObject);
  EXPECT_EQ(members[3].kind, JsonKind::kNumber);
  EXPECT_EQ(members[4].kind, JsonKind::kBoolean);
  EXPECT_EQ(members[5].kind, JsonKind::kNull);
  EXPECT_EQ(members[6].kind, JsonKind::kArray);
}

TEST(JsonScan, ReportsOnlyTopLevelMembersAndEveryDuplicate) {
  std::vector<std::string> keys;
  ASSERT_FALSE(
      scan_json(R"({"a":{"inner":1},"a":2,"\u0062":3})", 16, [&](const JsonMember& member) {
        keys.emplace_back(member.key);
      }).error);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "a", R"(\u0062)"}));
}

TEST(JsonScan, AcceptsWhatNlohmannAccepts) {
  for (const std::string_view text :
       {"{}", " {} ", "\t\n\r{}", "\xEF\xBB\xBF{}", "-0", "1E+2", "0.5e-3", "18446744073709551616",
        "1e-400", R"("\ud800\udc00")", R"("\/\b\f\n\r\t\"\\")", "\"\x7F\"", "\"caf\xC3\xA9\"",
        "[1,[2,{}],\"x\",true,false,null]", "true "}) {
    EXPECT_TRUE(accepts(text)) << text;
  }
}

TEST(JsonScan, RefusesWhatNlohmannRefuses) {
  for (const std::string_view text : {"",
                                      " ",
                                      "\xEF\xBB\xBF",
                                      " \xEF\xBB\xBF{}",
                                      "01",
                                      "1.",
                                      "-",
                                      ".5",
                                      "+1",
                                      "1e400",
                                      "-1e400",
                                      R"("\ud800")",
                                      R"("\udc00")",
                                      R"("\ud800\u0041")",
                                      R"("\x")",
                                      R"("\u12G4")",
                                      "\"\x1F\"",
                                      "[1,]",
                                      R"({"a":1,})",
                                      "{,}",
                                      "nul",
                                      "1 2",
                                      "{\"a\" 1}",
                                      "[1 2]",
                                      "{1:2}",
                                      "\"open",
                                      "{\"a\":1]",
                                      "[1}",
                                      "'single'"}) {
    EXPECT_TRUE(error_kind(text)) << text;
  }
}

TEST(JsonScan, RefusesANulOutsideStringsWhichNlohmannWouldTakeForTheEnd) {
  EXPECT_TRUE(error_kind(std::string_view("{}\0junk", 7)));
  EXPECT_TRUE(error_kind(std::string_view("{}\0", 3)));
  EXPECT_TRUE(error_kind(std::string_view("\"a\0b\"", 5))) << "and inside strings, as nlohmann";
}

TEST(JsonScan, InvalidUtf8InAStringIsAUtf8Error) {
  EXPECT_EQ(error_kind("{\"name\":\"\xC0\xAF\"}"), JsonScanError::Kind::kUtf8);
  EXPECT_EQ(error_kind("\"\xED\xA0\x80\""), JsonScanError::Kind::kUtf8) << "an encoded surrogate";
  EXPECT_EQ(error_kind("\"\xE2\x82\""), JsonScanError::Kind::kUtf8) << "truncated";
}

TEST(JsonScan, BoundsNestingCountingOnlyBracketsOutsideStrings) {
  EXPECT_TRUE(accepts(nested_arrays(32), 32));
  EXPECT_EQ(error_kind(nested_arrays(33), 32), JsonScanError::Kind::kTooDeep);
  EXPECT_FALSE(accepts(R"({"a":[{"b":[1]}]})", 3));
  EXPECT_TRUE(accepts(R"({"a":[{"b":[1]}]})", 4));
  EXPECT_TRUE(accepts(R"({"sdp":"[[[[{{{{"})", 1));
  EXPECT_TRUE(accepts(R"(["\"[[[["])", 1));
  EXPECT_TRUE(accepts("[[1],[2],[3],{},{}]", 2));
}

TEST(JsonScan, AHundredThousandDeepTextStopsAtTheLimit) {
  const auto scan = scan_json(nested_arrays(100'000), 64, [](const JsonMember&) {});
  ASSERT_TRUE(scan.error);
  EXPECT_EQ(scan.error->kind, JsonScanError::Kind::kTooDeep);
  EXPECT_EQ(scan.error->offset, 64u);
  EXPECT_NE(describe(*scan.error, 64).find("deeper than 64"), std::string::npos);
}

TEST(JsonScan, TheEightByteFastPathStopsWhereverAnEscapeOrSpecialByteFalls) {
  // Each of these, at any offset in a long plain string, must be seen: a stray quote,
  // a bad escape, a control character and a broken UTF-8 lead byte make the text
  // invalid; a good escape and a good two-byte character leave it valid.
  for (std::size_t at = 0; at < 24; ++at) {
    const auto with = [&](std::string_view insert) {
      std::string text = "\"" + std::string(24, 'a') + "\"";
      return text.replace(1 + at, 1, insert);
    };
    for (const std::string_view bad : {"\"", "\\q", "\x01", "\xC3"}) {
      EXPECT_FALSE(accepts(with(bad))) << "bad byte " << int(bad[0]) << " at " << at;
    }
    for (const std::string_view good : {"\\n", "\xC3\xA9"}) {
      EXPECT_TRUE(accepts(with(good))) << "good byte " << int(good[0]) << " at " << at;
    }
  }
}

}  // namespace
}  // namespace parley
