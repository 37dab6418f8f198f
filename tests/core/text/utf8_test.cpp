#include "core/text/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace parley {
namespace {

std::string bytes(std::initializer_list<unsigned char> list) {
  return std::string(list.begin(), list.end());
}

TEST(Utf8, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8(R"({"type":"offer"})"));
}

TEST(Utf8, AcceptsEveryEncodedLengthAtItsBoundaries) {
  EXPECT_TRUE(is_valid_utf8(bytes({0xC2, 0x80})));              // U+0080
  EXPECT_TRUE(is_valid_utf8(bytes({0xDF, 0xBF})));              // U+07FF
  EXPECT_TRUE(is_valid_utf8(bytes({0xE0, 0xA0, 0x80})));        // U+0800
  EXPECT_TRUE(is_valid_utf8(bytes({0xEF, 0xBF, 0xBF})));        // U+FFFF
  EXPECT_TRUE(is_valid_utf8(bytes({0xF0, 0x90, 0x80, 0x80})));  // U+10000
  EXPECT_TRUE(is_valid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("Grüße, 世界 🎥"));
}

TEST(Utf8, RejectsOverlongEncodings) {
  EXPECT_FALSE(is_valid_utf8(bytes({0xC0, 0xAF})));  // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8(bytes({0xC1, 0xBF})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xE0, 0x9F, 0xBF})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF})));
}

TEST(Utf8, RejectsSurrogatesAndCodePointsAboveTheMaximum) {
  EXPECT_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0x80})));        // U+D800
  EXPECT_FALSE(is_valid_utf8(bytes({0xED, 0xBF, 0xBF})));        // U+DFFF
  EXPECT_TRUE(is_valid_utf8(bytes({0xED, 0x9F, 0xBF})));         // U+D7FF is fine
  EXPECT_FALSE(is_valid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})));  // U+110000
  EXPECT_FALSE(is_valid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xFF})));
}

TEST(Utf8, RejectsTruncatedAndStrayContinuationBytes) {
  EXPECT_FALSE(is_valid_utf8(bytes({0xE2, 0x82})));  // euro sign cut short
  EXPECT_FALSE(is_valid_utf8(bytes({'a', 0xF0, 0x9F})));
  EXPECT_FALSE(is_valid_utf8(bytes({0x80})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xE2, 0x28, 0xA1})));  // bad second byte
  EXPECT_FALSE(is_valid_utf8(bytes({0xF0, 0x9F, 0x98, 0x41})));
}

}  // namespace
}  // namespace parley
