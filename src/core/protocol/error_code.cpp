#include "core/protocol/error_code.h"

namespace parley::protocol {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadJson:
      return "bad-json";
    case ErrorCode::kBadMessage:
      return "bad-message";
    case ErrorCode::kUnknownType:
      return "unknown-type";
    case ErrorCode::kNotJoined:
      return "not-joined";
    case ErrorCode::kAlreadyJoined:
      return "already-joined";
    case ErrorCode::kUnknownTarget:
      return "unknown-target";
    case ErrorCode::kRoomFull:
      return "room-full";
    case ErrorCode::kIdTaken:
      return "id-taken";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kRateLimited:
      return "rate-limited";
    case ErrorCode::kTooLarge:
      return "too-large";
    case ErrorCode::kPeerBusy:
      return "peer-busy";
    case ErrorCode::kUnavailable:
      return "unavailable";
  }
  return "unknown";
}

}  // namespace parley::protocol
