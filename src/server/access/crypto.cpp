#include "server/access/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace parley::server {

namespace {

template <std::size_t Size>
std::array<std::uint8_t, Size> hmac(const EVP_MD* digest, std::string_view key,
                                    std::string_view message) {
  std::array<std::uint8_t, Size> out{};
  unsigned int length = 0;
  const auto* result = HMAC(digest, key.data(), static_cast<int>(key.size()),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                            out.data(), &length);
  if (result == nullptr || length != Size) throw std::runtime_error("OpenSSL HMAC failed");
  return out;
}

}  // namespace

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  return hmac<32>(EVP_sha256(), key, message);
}

Sha1Digest hmac_sha1(std::string_view key, std::string_view message) {
  return hmac<20>(EVP_sha1(), key, message);
}

Sha1Digest sha1(std::string_view message) {
  Sha1Digest out{};
  unsigned int length = 0;
  if (EVP_Digest(message.data(), message.size(), out.data(), &length, EVP_sha1(), nullptr) != 1 ||
      length != out.size()) {
    throw std::runtime_error("OpenSSL SHA-1 failed");
  }
  return out;
}

std::string base64(std::span<const std::uint8_t> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string base64url(std::span<const std::uint8_t> bytes) {
  std::string out = base64(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  // The length of a signature is public; only its content must not leak.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t digits) {
  std::vector<std::uint8_t> bytes((digits + 1) / 2);
  if (!bytes.empty() && RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (const auto byte : bytes) text.append({kHex[byte >> 4], kHex[byte & 0xf]});
  text.resize(digits);
  return text;
}

}  // namespace parley::server
