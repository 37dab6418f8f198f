// What the files panel and the toasts say about a transfer, in words: one row per
// transfer (title, progress, detail, which buttons apply) and a notice for the moments a
// person should hear about (an offer, an arrival, a failure).
#pragma once

#include <optional>
#include <string>

#include "core/transfer/transfer_view.h"

namespace parley::view {

using transfer::TransferState;
using transfer::TransferView;

struct TransferRow {
  std::string key;
  std::string name;
  std::string title;         // "photo.png to Bob", "report.pdf from Ada"
  std::string detail;        // "12.3 MB of 64.0 MB - 7.1 MB/s - 6 s left", "Declined", ...
  float fraction = 0;        // of the bytes, verified
  bool asks = false;         // an offer to us: Accept / Decline
  bool cancellable = false;  // under way: Cancel
  bool saveable = false;     // arrived and verified: Save
  bool problem = false;      // failed or cancelled: the detail in red
};

// "512 bytes", "12 KB", "3.4 MB", "1.25 GB" (powers of ten).
std::string human_bytes(double bytes);

// `peer_name`: how the person on the other side is called.
TransferRow row_of(const TransferView& view, const std::string& peer_name);
std::optional<std::string> notice_of(const TransferView& view, const std::string& peer_name);

}  // namespace parley::view
