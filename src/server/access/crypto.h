// The few OpenSSL primitives signaling needs: HMACs for join tokens and TURN REST
// credentials, SHA-1 for the WebSocket handshake's accept key, Base64 for putting them
// in text, and a comparison that does not leak
// through timing how many leading bytes of a forged signature were right.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::server {

using Sha256Digest = std::array<std::uint8_t, 32>;
using Sha1Digest = std::array<std::uint8_t, 20>;

Sha256Digest hmac_sha256(std::string_view key, std::string_view message);
Sha1Digest hmac_sha1(std::string_view key, std::string_view message);
Sha1Digest sha1(std::string_view message);

// RFC 4648 section 4 (with '=' padding), as coturn expects for TURN credentials.
std::string base64(std::span<const std::uint8_t> bytes);
// RFC 4648 section 5 without padding: safe inside URLs and tokens.
std::string base64url(std::span<const std::uint8_t> bytes);

bool equal_in_constant_time(std::string_view a, std::string_view b);

// `digits` random lowercase hex digits (OpenSSL's CSPRNG): names that must not repeat
// between runs, such as a default instance id or a node's boot token.
std::string random_hex(std::size_t digits);

}  // namespace parley::server
