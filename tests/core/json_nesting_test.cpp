#include "core/json_nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace parley {
namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(JsonNesting, AcceptsFlatAndShallowDocuments) {
  EXPECT_FALSE(check_json_nesting(R"({"type":"join","room":"a"})", 1));
  EXPECT_FALSE(check_json_nesting("42", 0));
  EXPECT_FALSE(check_json_nesting(nested_arrays(32), 32));
}

TEST(JsonNesting, RejectsOneLevelPastTheLimitAndNamesTheOffset) {
  const auto error = check_json_nesting(nested_arrays(33), 32);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->offset, 32u);
  EXPECT_NE(error->message.find("32"), std::string::npos);
}

TEST(JsonNesting, MixedObjectsAndArraysCountTogether) {
  EXPECT_TRUE(check_json_nesting(R"({"a":[{"b":[1]}]})", 3));
  EXPECT_FALSE(check_json_nesting(R"({"a":[{"b":[1]}]})", 4));
}

TEST(JsonNesting, SiblingsDoNotAddDepth) {
  EXPECT_FALSE(check_json_nesting("[[1],[2],[3],{},{}]", 2));
}

TEST(JsonNesting, BracketsInsideStringsAreIgnored) {
  EXPECT_FALSE(check_json_nesting(R"({"sdp":"[[[[{{{{"})", 1));
}

TEST(JsonNesting, EscapedQuotesDoNotEndAString) {
  // The string is  "\"[[["  : the escaped quote must not close it.
  EXPECT_FALSE(check_json_nesting(R"(["\"[[[["])", 1));
  // An escaped backslash before the closing quote does close it.
  EXPECT_TRUE(check_json_nesting(R"(["\\", [[1]]])", 2));
}

TEST(JsonNesting, HundredThousandLevelsAreRejectedWithoutRecursion) {
  const auto error = check_json_nesting(nested_arrays(100'000), 64);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->offset, 64u);
}

TEST(JsonNesting, UnbalancedClosersAreLeftToTheParser) {
  EXPECT_FALSE(check_json_nesting("]]]]}}}}[[", 2));
  EXPECT_TRUE(check_json_nesting("]]]][[[", 2));
}

}  // namespace
}  // namespace parley
