#include "core/protocol/peer_id.h"

#include <algorithm>

namespace parley::protocol {

bool is_valid_peer_id(std::string_view id) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
  };
  return !id.empty() && id.size() <= kMaxPeerIdLength && std::all_of(id.begin(), id.end(), allowed);
}

}  // namespace parley::protocol
