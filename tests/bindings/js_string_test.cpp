// utf8_of against strings made in JavaScript (String.fromCodePoint / repeat), so the
// expectation does not depend on embind's own conversion.
#include "bindings/js_string.h"

#include <emscripten/val.h>
#include <gtest/gtest.h>

#include <string>

namespace parley::bindings {
namespace {

using emscripten::val;

val js_code_point(int code_point) {
  return val::global("String").call<val>("fromCodePoint", code_point);
}
val js_code_unit(int code_unit) {
  return val::global("String").call<val>("fromCharCode", code_unit);
}
val js_repeat(const val& text, int times) {
  return text.call<val>("repeat", times);
}
std::string repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

TEST(Utf8Of, ALongAsciiStringArrivesByteForByte) {
  EXPECT_EQ(utf8_of(js_repeat(js_code_point('a'), 10'000)), std::string(10'000, 'a'));
}

TEST(Utf8Of, ALongStringOfTwoThreeAndFourByteCharactersIsEncodedAsUtf8) {
  // é (2 bytes), € (3 bytes), 𝄞 (4 bytes, a surrogate pair in JavaScript).
  const val mixed = js_code_point(0xE9)
                        .call<val>("concat", js_code_point(0x20AC))
                        .call<val>("concat", js_code_point(0x1D11E));
  EXPECT_EQ(utf8_of(js_repeat(mixed, 500)), repeat("\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E", 500));
}

TEST(Utf8Of, ShortAndLongStringsAgreeAroundTheThreshold) {
  for (int length : {1, 255, 256, 257, 1000}) {
    const val text = js_repeat(js_code_point(0x20AC), length);
    EXPECT_EQ(utf8_of(text), repeat("\xE2\x82\xAC", length)) << length << " characters";
    EXPECT_EQ(utf8_of(text), text.as<std::string>()) << length << " characters";
  }
}

TEST(Utf8Of, AnEmbeddedNulDoesNotEndTheString) {
  const val text = js_repeat(js_code_point('x'), 300)
                       .call<val>("concat", js_code_point(0))
                       .call<val>("concat", js_repeat(js_code_point('y'), 300));
  EXPECT_EQ(utf8_of(text), std::string(300, 'x') + std::string(1, '\0') + std::string(300, 'y'));
}

TEST(Utf8Of, ALoneSurrogateInALongStringBecomesTheReplacementCharacter) {
  const val text = js_repeat(js_code_point('z'), 300).call<val>("concat", js_code_unit(0xD800));
  EXPECT_EQ(utf8_of(text), std::string(300, 'z') + "\xEF\xBF\xBD");
}

TEST(Utf8Of, TheEmptyStringIsEmpty) {
  EXPECT_EQ(utf8_of(val("")), "");
}

}  // namespace
}  // namespace parley::bindings
