#include "core/text/typed_text.h"

#include <gtest/gtest.h>

#include "core/text/utf8.h"

namespace parley::text {
namespace {

TEST(TypedText, EveryScriptAndEmojiArrivesAsItsCodePoints) {
  EXPECT_EQ(typed_characters("Zoë Łukasz 王芳 🎉"), U"Zoë Łukasz 王芳 🎉");
  EXPECT_EQ(typed_characters("\xF0\x9F\x8E\x89"), std::u32string(1, U'\U0001F389'));
}

TEST(TypedText, APastedParagraphBecomesOneLine) {
  EXPECT_EQ(typed_characters("first\r\nsecond\n\n\tthird"), U"first second third");
  EXPECT_EQ(typed_characters("https://x/?room=a\n"), U"https://x/?room=a ");
}

TEST(TypedText, HiddenCharactersAndInvalidBytesAreDropped) {
  EXPECT_EQ(typed_characters("Ada\u202Egnp.exe"), U"Adagnp.exe");
  EXPECT_EQ(typed_characters(std::string("a\x00"
                                         "b\x1B[31m\x7F",
                                         8)),
            U"ab[31m");
  EXPECT_EQ(typed_characters("a\xC3"
                             "b\xFF"
                             "c"),
            U"abc");  // truncated and invalid
}

TEST(Utf8CodePoints, DecodesEachLengthAndSkipsWhatIsNotUtf8) {
  EXPECT_EQ(code_points("a\u00E9\u4E2D\U0001F600"), U"a\u00E9\u4E2D\U0001F600");
  EXPECT_EQ(code_points("\xC0\xAF"
                        "x"),
            U"x");  // overlong '/'
  EXPECT_TRUE(is_ascii("plain ascii text, longer than eight"));
  EXPECT_FALSE(is_ascii("plain ascii text, then \u00E9"));
  EXPECT_FALSE(is_ascii("\u00E9"));
}

}  // namespace
}  // namespace parley::text
