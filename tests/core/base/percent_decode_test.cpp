#include "core/base/percent_decode.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  EXPECT_EQ(percent_decode("a%20b"), "a b");
  EXPECT_EQ(percent_decode("%2f%2F"), "//");
  EXPECT_EQ(percent_decode("%E4%B8%96"), "\xE4\xB8\x96");
}

TEST(PercentDecode, PlusIsLiteralInPathsAndASpaceInQueries) {
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", PlusSign::kSpace), "a b");
}

TEST(PercentDecode, DecodesNulSoCallersCanRefuseIt) {
  EXPECT_EQ(percent_decode("a%00b"), std::string("a\0b", 3));
}

TEST(PercentDecode, MalformedEscapesGiveNothing) {
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("abc%4"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("%4g"));
}

}  // namespace
}  // namespace parley
