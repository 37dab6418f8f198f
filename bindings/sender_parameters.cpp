#include "bindings/sender_parameters.h"

#include <string>

#include "bindings/js_function.h"

namespace parley::bindings {
using emscripten::val;

namespace {

constexpr int kResumeAttempts = 3;

void warn(const std::string& what, const val& error) {
  val::global("console").call<void>("warn", "Parley: " + what + ": " + failure_of(error).message);
}

void set_active(val& parameters, bool active) {
  const val encodings = parameters["encodings"];
  for (int i = 0; i < encodings["length"].as<int>(); ++i) encodings[i].set("active", active);
}

bool negotiated(const val& parameters) {
  return parameters["encodings"]["length"].as<int>() > 0;
}

void resume(val sender, int attempts_left) {
  val parameters = sender.call<val>("getParameters");
  if (!negotiated(parameters)) return;
  set_active(parameters, true);
  then(
      sender.call<val>("setParameters", parameters), [](val) {},
      [sender, attempts_left](val error) {
        // Another change got its parameters in between (InvalidModificationError), or
        // the connection closed (InvalidStateError: nothing left to resume).
        if (failure_of(error).name == "InvalidStateError") return;
        if (attempts_left > 1) return resume(sender, attempts_left - 1);
        warn("could not resume video after a key-frame restart", error);
      });
}

}  // namespace

void apply_degradation_preference(val sender, const val& track) {
  if (track.isNull() || string_or(track["kind"]) != "video") return;
  const std::string hint = string_or(track["contentHint"]);
  val parameters = sender.call<val>("getParameters");
  if (!negotiated(parameters)) return;
  const std::string wanted =
      hint == "detail" || hint == "text" ? "maintain-resolution" : "balanced";
  // Unset means the default, "balanced". setParameters reconfigures the encoder, which at
  // the start of a call delays the first frames: call it only to change something.
  const std::string current = string_or(parameters["degradationPreference"], "balanced");
  if (current == wanted) return;
  parameters.set("degradationPreference", wanted);
  set_active(parameters, true);
  then(
      sender.call<val>("setParameters", parameters), [](val) {},
      [](val error) { warn("setParameters failed", error); });
}

void restart_from_key_frame(val sender) {
  const val track = sender["track"];
  if (track.isNull() || track.isUndefined() || string_or(track["kind"]) != "video") return;
  val parameters = sender.call<val>("getParameters");
  if (!negotiated(parameters)) return;
  set_active(parameters, false);
  then(
      sender.call<val>("setParameters", parameters),
      [sender](val) { resume(sender, kResumeAttempts); },
      [](val error) {
        // Nothing was paused: the video goes on as it was.
        if (failure_of(error).name != "InvalidStateError") warn("no key-frame restart", error);
      });
}

}  // namespace parley::bindings
