// What a transfer looks like from outside (the files panel, the JavaScript API), and the
// progress meter both directions use.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "core/transfer/transfer_wire.h"

namespace parley::transfer {

enum class TransferState {
  kOffered,       // waiting for the receiver to accept or decline
  kTransferring,  // chunks flowing
  kWaiting,       // the path is cut: waiting to resume from the last verified chunk
  kVerifying,     // every chunk sent / arrived: the whole file is being checked
  kDone,
  kDeclined,
  kCancelled,
  kFailed,
};
const char* to_string(TransferState state);
bool finished(TransferState state);

struct TransferView {
  std::string key;  // this client's handle for it ("t3")
  std::string peer_id;
  bool outgoing = false;
  std::string name;
  std::uint64_t size = 0;
  std::string mime;
  TransferState state = TransferState::kOffered;
  std::uint64_t bytes = 0;  // verified by the receiver
  double bytes_per_second = 0;
  std::optional<double> eta_seconds;
  std::string error;  // why it was cancelled or failed
};

// Rate and time left from (time, bytes) readings: the bytes of the last few seconds.
class ProgressMeter {
 public:
  using Clock = std::chrono::steady_clock;
  void reset() { readings_.clear(); }
  void add(Clock::time_point now, std::uint64_t bytes);
  double bytes_per_second() const;
  std::optional<double> eta_seconds(std::uint64_t remaining) const;

 private:
  std::deque<std::pair<Clock::time_point, std::uint64_t>> readings_;
};

// What either side shows of a transfer of `offer` whose first `chunks_verified` chunks
// the receiver has verified.
struct ViewFacts {
  const std::string& key;
  const std::string& peer_id;
  bool outgoing;
  const FileOffer& offer;
  TransferState state;
  std::uint32_t chunks_verified;
  const ProgressMeter& meter;
  const std::string& error;
};
TransferView view_of(const ViewFacts& facts);

}  // namespace parley::transfer
