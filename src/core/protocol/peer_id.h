// Peer ids name a participant inside one room: 1 to 64 URL-unreserved characters
// (A-Z a-z 0-9 - . _ ~), so UUIDs and typical generated ids from plain JS pages fit,
// and the server can put them into JSON and logs without escaping.
#pragma once

#include <string_view>

namespace parley::protocol {

inline constexpr std::size_t kMaxPeerIdLength = 64;

bool is_valid_peer_id(std::string_view id);

}  // namespace parley::protocol
