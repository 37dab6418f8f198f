// The files panel: every transfer of the call with a progress bar (bytes, rate, time
// left), Accept / Decline for what others offer, Cancel while under way, Save for what
// arrived; and "Send a file to everyone". The app does the asking and the saving.
//
//   const FilesAction action = draw_files_panel(rows, can_send, trail);   // per frame
#pragma once

#include <string>
#include <vector>

#include "core/view/transfer_rows.h"
#include "ui/widget_trail.h"

namespace parley::ui {

using FileRow = view::TransferRow;

struct FilesAction {
  enum class Kind { kNone, kSendFile, kAccept, kDecline, kCancel, kSave, kClose };
  Kind kind = Kind::kNone;
  std::string key;
};

inline constexpr float kFilesPanelWidth = 380.0f;

FilesAction draw_files_panel(const std::vector<FileRow>& rows, bool can_send, WidgetTrail& trail);

}  // namespace parley::ui
