#include "core/transfer/transfer_view.h"

#include <algorithm>

namespace parley::transfer {
namespace {
constexpr auto kWindow = std::chrono::seconds(3);
}

const char* to_string(TransferState state) {
  switch (state) {
    case TransferState::kOffered:
      return "offered";
    case TransferState::kTransferring:
      return "transferring";
    case TransferState::kWaiting:
      return "waiting";
    case TransferState::kVerifying:
      return "verifying";
    case TransferState::kDone:
      return "done";
    case TransferState::kDeclined:
      return "declined";
    case TransferState::kCancelled:
      return "cancelled";
    case TransferState::kFailed:
      return "failed";
  }
  return "unknown";
}

bool finished(TransferState state) {
  return state == TransferState::kDone || state == TransferState::kDeclined ||
         state == TransferState::kCancelled || state == TransferState::kFailed;
}

void ProgressMeter::add(Clock::time_point now, std::uint64_t bytes) {
  readings_.emplace_back(now, bytes);
  while (readings_.size() > 2 && now - readings_.front().first > kWindow) readings_.pop_front();
}

double ProgressMeter::bytes_per_second() const {
  if (readings_.size() < 2) return 0;
  const auto& [first_time, first_bytes] = readings_.front();
  const auto& [last_time, last_bytes] = readings_.back();
  const double seconds = std::chrono::duration<double>(last_time - first_time).count();
  if (seconds <= 0 || last_bytes < first_bytes) return 0;
  return static_cast<double>(last_bytes - first_bytes) / seconds;
}

std::optional<double> ProgressMeter::eta_seconds(std::uint64_t remaining) const {
  const double rate = bytes_per_second();
  if (rate <= 0) return std::nullopt;
  return static_cast<double>(remaining) / rate;
}

TransferView view_of(const ViewFacts& facts) {
  TransferView view;
  view.key = facts.key;
  view.peer_id = facts.peer_id;
  view.outgoing = facts.outgoing;
  view.name = facts.offer.name;
  view.size = facts.offer.size;
  view.mime = facts.offer.mime;
  view.state = facts.state;
  view.bytes =
      facts.state == TransferState::kDone
          ? facts.offer.size
          : std::min<std::uint64_t>(facts.offer.size,
                                    std::uint64_t{facts.chunks_verified} * facts.offer.chunk_size);
  view.bytes_per_second = facts.meter.bytes_per_second();
  if (!finished(facts.state))
    view.eta_seconds = facts.meter.eta_seconds(facts.offer.size - view.bytes);
  view.error = facts.error;
  return view;
}

}  // namespace parley::transfer
