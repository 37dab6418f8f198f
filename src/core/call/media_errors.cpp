#include "core/call/media_errors.h"

namespace parley::call {

MediaFailureReport describe_media_failure(const ports::Failure& failure) {
  const std::string& name = failure.name;
  if (name == "NotAllowedError" || name == "SecurityError" || name == "PermissionDeniedError") {
    return {MediaProblem::kPermissionDenied, "permission-denied",
            "Camera and microphone access was denied. You can take part without them, or allow "
            "access in the browser's site settings and try again."};
  }
  if (name == "NotFoundError" || name == "OverconstrainedError" || name == "DevicesNotFoundError") {
    return {MediaProblem::kNoDevice, "no-device", "No camera or microphone was found."};
  }
  if (name == "NotReadableError" || name == "AbortError" || name == "TrackStartError") {
    return {MediaProblem::kDeviceBusy, "device-busy",
            "The camera or microphone could not be started; another application may be using it."};
  }
  return {MediaProblem::kOther, "media-error",
          "The camera or microphone could not be used (" + name + ": " + failure.message + ")."};
}

}  // namespace parley::call
