// Receiving one file from one peer:
//
//   offered --accept()--> transferring --(every chunk verified)--> verifying
//   verifying --(file-end's root matches)--> done
//   offered --decline()--> declined;  any --cancel / failure--> cancelled / failed
//   transferring / verifying without a root --(path cut)--> waiting
//   waiting --(path back: accept{have})--> transferring
//
// Parts are gathered into chunks; each whole chunk is checked against the digest its parts
// carry (SHA-256 by the platform, answers may come in any order) and handed to the
// FileSink in order once verified - so the sink
// only ever holds verified data and a resume starts exactly after it. A chunk that fails
// its check is asked for again (accept{have}) up to kMaxRetries times. At the end the
// root of all digests must match the sender's file-end before the file is offered to
// the person.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/files.h"
#include "core/ports/scheduler.h"
#include "core/transfer/transfer_view.h"
#include "core/transfer/transfer_wire.h"

namespace parley::transfer {

class IncomingTransfer {
 public:
  // Progress that keeps an accepted transfer alive: this much data within stall_after. A
  // peer that trickles one small part a minute holds a chunk's memory for nothing.
  static constexpr std::size_t kMinProgressBytes = 16 * 1024;
  static constexpr int kMaxRetries = 3;

  struct Env {
    ports::Hasher& hasher;
    ports::Scheduler& scheduler;
    std::function<std::unique_ptr<ports::FileSink>()> make_sink;
    std::function<void(const ControlFrame&)> send_control;
    std::function<void()> changed;
    // Accepted, and no data for this long while the path is up: cancelled (0: never).
    std::chrono::milliseconds stall_after{0};  // less than kMinProgressBytes in it: cancelled
  };

  IncomingTransfer(std::string key, std::string peer_id, FileOffer offer, Env env);
  IncomingTransfer(const IncomingTransfer&) = delete;
  IncomingTransfer& operator=(const IncomingTransfer&) = delete;

  void accept();
  void decline();
  void cancel(const std::string& reason);  // by us: the sender is told
  void fail(const std::string& reason);    // the sender is gone
  // A part frame's header and its data (the bytes after the header).
  void on_part(const PartHeader& header, const ports::BytesRef& data);
  void on_control(const ControlFrame& frame);
  void path_cut();
  void path_back();
  // The same offer again (the sender's resend after a cut): answered if already accepted.
  void offered_again();

  TransferView view() const;
  TransferState state() const { return state_; }
  const FileOffer& offer() const { return offer_; }

 private:
  struct Arrived {
    std::vector<ports::BytesRef> parts;
    Digest claimed;
    std::optional<bool> matches;  // known once the platform answered
  };
  void on_digest(std::uint32_t index, const ports::Sha256& digest);
  void hand_over_verified();
  void check_root();
  void forget_unverified();
  void ask_from_verified();
  void set_state(TransferState state, std::string error = {});
  // (Re)starts the no-data timer while data is due, stops it otherwise.
  void watch_for_stall();
  void end(TransferState state, const std::string& reason, bool tell_sender);

  std::string key_;
  std::string peer_id_;
  FileOffer offer_;
  Env env_;
  std::unique_ptr<ports::FileSink> sink_;
  TransferState state_ = TransferState::kOffered;
  std::string error_;
  std::uint32_t next_expected_ = 0;           // the chunk the next part must be of
  std::uint32_t next_part_ = 0;               // and its index in that chunk
  std::vector<ports::BytesRef> parts_;        // of chunk next_expected_, so far
  Digest claimed_{};                          // its digest, from its first part
  std::uint32_t verified_ = 0;                // chunks handed to the sink
  std::map<std::uint32_t, Arrived> arrived_;  // not yet verified
  std::string digests_;                       // of the verified chunks, in order
  std::optional<Digest> root_;                // from the sender's file-end
  bool checking_root_ = false;
  int retries_ = 0;
  ProgressMeter meter_;
  std::shared_ptr<unsigned> generation_ = std::make_shared<unsigned>(0);
  ports::Timer stall_timer_{env_.scheduler};
  std::size_t bytes_since_progress_ = 0;  // received since the stall timer last restarted
};

}  // namespace parley::transfer
