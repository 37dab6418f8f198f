// What Parley changes in an RTCRtpSender's parameters (getParameters / setParameters).
//
// Parley never leaves an encoding inactive: every change below that writes parameters
// also writes `active: true`, so one that raced a key-frame restart (which pauses the
// encodings for a moment) cannot leave video paused.
#pragma once

#include <emscripten/val.h>

namespace parley::bindings {

// Under load, screen content (contentHint "detail" or "text") keeps its resolution and
// gives up frame rate; cameras balance both. Set on the sender, since a track replaced on
// a sender configured for a camera keeps the camera's preference otherwise.
void apply_degradation_preference(emscripten::val sender, const emscripten::val& track);

// The sender's encoder starts again from a key frame: its encodings are paused and
// resumed (the browser has no call for a key frame; resuming an encoding makes one).
// Nothing for a sender without a video track or not negotiated yet. The resume is tried
// again if another change to the parameters got in between.
void restart_from_key_frame(emscripten::val sender);

}  // namespace parley::bindings
