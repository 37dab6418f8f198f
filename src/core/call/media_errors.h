// What a failed getUserMedia / getDisplayMedia means for the person, from the browser's
// DOMException name.
#pragma once

#include <string>

#include "core/ports/peer_connection.h"

namespace parley::call {

enum class MediaProblem { kPermissionDenied, kNoDevice, kDeviceBusy, kOther };

struct MediaFailureReport {
  MediaProblem problem;
  std::string code;     // stable, for embedders: "permission-denied", "no-device", ...
  std::string message;  // for people
};

MediaFailureReport describe_media_failure(const ports::Failure& failure);

}  // namespace parley::call
