// HMACs and Base64 against the published test vectors (RFC 4231, RFC 2202, RFC 4648).
#include "server/access/crypto.h"

#include <gtest/gtest.h>

#include <iomanip>
#include <sstream>

namespace parley::server {
namespace {

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& bytes) {
  std::ostringstream out;
  for (const auto byte : bytes) out << std::hex << std::setw(2) << std::setfill('0') << int{byte};
  return out.str();
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TEST(Crypto, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, HmacSha1MatchesRfc2202TestCase2) {
  EXPECT_EQ(hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, Sha1MatchesFips180Example) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Crypto, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64(bytes_of("")), "");
  EXPECT_EQ(base64(bytes_of("f")), "Zg==");
  EXPECT_EQ(base64(bytes_of("fo")), "Zm8=");
  EXPECT_EQ(base64(bytes_of("foobar")), "Zm9vYmFy");
}

TEST(Crypto, Base64UrlHasNoPaddingAndUrlSafeCharacters) {
  const std::uint8_t bytes[] = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64(bytes), "+/+/");
  EXPECT_EQ(base64url(bytes), "-_-_");
  EXPECT_EQ(base64url(bytes_of("f")), "Zg");
}

TEST(Crypto, ConstantTimeEqualityComparesWholeStrings) {
  EXPECT_TRUE(equal_in_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abcd"));
  EXPECT_TRUE(equal_in_constant_time("", ""));
}

TEST(RandomHex, GivesTheDigitsAskedForAndDoesNotRepeat) {
  for (const std::size_t digits : {0u, 1u, 8u, 15u}) {
    const auto text = random_hex(digits);
    EXPECT_EQ(text.size(), digits);
    EXPECT_EQ(text.find_first_not_of("0123456789abcdef"), std::string::npos) << text;
  }
  EXPECT_NE(random_hex(16), random_hex(16));
}

}  // namespace
}  // namespace parley::server
