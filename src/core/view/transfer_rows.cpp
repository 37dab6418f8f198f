#include "core/view/transfer_rows.h"

#include <cstdio>

namespace parley::view {

std::string human_bytes(double bytes) {
  char text[32];
  if (bytes >= 1e9)
    std::snprintf(text, sizeof text, "%.2f GB", bytes / 1e9);
  else if (bytes >= 1e6)
    std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
  else if (bytes >= 1e3)
    std::snprintf(text, sizeof text, "%.0f KB", bytes / 1e3);
  else
    std::snprintf(text, sizeof text, "%.0f bytes", bytes);
  return text;
}

TransferRow row_of(const TransferView& view, const std::string& peer_name) {
  TransferRow row;
  row.key = view.key;
  row.name = view.name;
  row.title = view.name + (view.outgoing ? " to " : " from ") + peer_name;
  row.fraction =
      view.size == 0
          ? (view.state == TransferState::kDone ? 1.0f : 0.0f)
          : static_cast<float>(static_cast<double>(view.bytes) / static_cast<double>(view.size));
  const std::string of = human_bytes(static_cast<double>(view.bytes)) + " of " +
                         human_bytes(static_cast<double>(view.size));
  switch (view.state) {
    case TransferState::kOffered:
      row.detail = view.outgoing ? "Waiting for " + peer_name + " to accept"
                                 : human_bytes(static_cast<double>(view.size)) + ", " +
                                       (view.mime.empty() ? "unknown type" : view.mime);
      break;
    case TransferState::kTransferring: {
      char rate[96];
      std::snprintf(rate, sizeof rate, " - %.1f MB/s", view.bytes_per_second / 1e6);
      row.detail = of + rate;
      if (view.eta_seconds)
        row.detail += " - " + std::to_string(static_cast<int>(*view.eta_seconds + 0.5)) + " s left";
      break;
    }
    case TransferState::kWaiting:
      row.detail = of + " - connection lost, resuming when it is back";
      break;
    case TransferState::kVerifying:
      row.detail = "Verifying " + of;
      break;
    case TransferState::kDone:
      row.detail = "Done, verified (SHA-256)";
      break;
    case TransferState::kDeclined:
      row.detail = "Declined";
      break;
    case TransferState::kCancelled:
    case TransferState::kFailed:
      row.detail = view.error;
      row.problem = true;
      break;
  }
  row.asks = !view.outgoing && view.state == TransferState::kOffered;
  row.cancellable = !finished(view.state) && !row.asks;
  row.saveable = !view.outgoing && view.state == TransferState::kDone;
  return row;
}

std::optional<std::string> notice_of(const TransferView& view, const std::string& peer_name) {
  if (!view.outgoing && view.state == TransferState::kOffered)
    return peer_name + " offers " + view.name + " (" + human_bytes(static_cast<double>(view.size)) +
           "). Open Files to accept it.";
  if (!view.outgoing && view.state == TransferState::kDone)
    return view.name + " from " + peer_name + " arrived and was verified. Save it in Files.";
  if (view.state == TransferState::kFailed || view.state == TransferState::kCancelled)
    return view.name + (view.outgoing ? " to " : " from ") + peer_name + ": " + view.error;
  return std::nullopt;
}

}  // namespace parley::view
