// The files panel: every transfer of the call with a progress bar (bytes, rate, time
// left), Accept / Decline for what others offer, Cancel while under way, Save for what
// arrived; and "Send a file to everyone". The app does the asking and the saving.
//
//   const FilesAction action = draw_files_panel(rows, can_send, trail);   // per frame
#pragma once

#include <string>
#include <vector>

#include "ui/widget_trail.h"

namespace parley::ui {

struct FileRow {
  std::string key;
  std::string name;
  std::string title;         // "photo.png to Bob", "report.pdf from Ada"
  std::string detail;        // "12.3 of 64.0 MB - 7.1 MB/s - 6 s left", "Declined", ...
  float fraction = 0;        // of the bytes, verified
  bool asks = false;         // an offer to us: Accept / Decline
  bool cancellable = false;  // under way: Cancel
  bool saveable = false;     // arrived and verified: Save
  bool problem = false;      // failed or cancelled: the detail in red
};

struct FilesAction {
  enum class Kind { kNone, kSendFile, kAccept, kDecline, kCancel, kSave, kClose };
  Kind kind = Kind::kNone;
  std::string key;
};

inline constexpr float kFilesPanelWidth = 380.0f;

FilesAction draw_files_panel(const std::vector<FileRow>& rows, bool can_send, WidgetTrail& trail);

// "64.0 MB", "512 KB": sizes as people read them (decimal units, like the rates).
std::string human_bytes(double bytes);

}  // namespace parley::ui
