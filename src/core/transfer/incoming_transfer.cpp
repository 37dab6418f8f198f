#include "core/transfer/incoming_transfer.h"

#include "core/base/overloaded.h"

namespace parley::transfer {

IncomingTransfer::IncomingTransfer(std::string key, std::string peer_id, FileOffer offer, Env env)
    : key_(std::move(key)),
      peer_id_(std::move(peer_id)),
      offer_(std::move(offer)),
      env_(std::move(env)) {}

void IncomingTransfer::accept() {
  if (state_ != TransferState::kOffered) return;
  sink_ = env_.make_sink();
  meter_.add(env_.scheduler.now(), 0);
  set_state(TransferState::kTransferring);
  env_.send_control(FileAccept{offer_.id, 0});
  if (offer_.chunk_count() == 0) set_state(TransferState::kVerifying);  // an empty file
}

void IncomingTransfer::decline() {
  if (state_ != TransferState::kOffered) return;
  env_.send_control(FileDecline{offer_.id});
  set_state(TransferState::kDeclined, "declined");
}

void IncomingTransfer::cancel(const std::string& reason) {
  end(TransferState::kCancelled, reason, /*tell_sender=*/true);
}

void IncomingTransfer::fail(const std::string& reason) {
  end(TransferState::kFailed, reason, /*tell_sender=*/false);
}

void IncomingTransfer::end(TransferState state, const std::string& reason, bool tell_sender) {
  if (finished(state_)) return;
  forget_unverified();
  if (sink_) sink_->discard();
  sink_.reset();
  if (tell_sender) env_.send_control(FileCancel{offer_.id, reason});
  set_state(state, reason);
}

// [SECTION] Chunks

void IncomingTransfer::on_part(const PartHeader& header, const ports::BytesRef& data) {
  if (state_ != TransferState::kTransferring) return;  // stragglers after a cut or an end
  // Before a retry's restart, the rest of the old run: dropped.
  if (header.index != next_expected_ || header.part != next_part_) return;
  if (header.index >= offer_.chunk_count() ||
      data->size() != offer_.part_bytes(header.index, header.part)) {
    return cancel("chunk " + std::to_string(header.index) + " does not fit the offer");
  }
  if (header.part == 0) claimed_ = header.digest;
  parts_.push_back(data);
  bytes_since_progress_ += data->size();
  if (bytes_since_progress_ >= kMinProgressBytes) watch_for_stall();  // real progress
  if (++next_part_ < offer_.part_count(header.index)) return;

  const std::uint32_t index = next_expected_++;
  next_part_ = 0;
  Arrived& arrived = arrived_[index] = {std::move(parts_), claimed_, std::nullopt};
  parts_.clear();
  const unsigned generation = *generation_;
  env_.hasher.sha256(arrived.parts, [this, alive = std::weak_ptr<unsigned>(generation_), generation,
                                     index](std::variant<ports::Sha256, ports::Failure> digest) {
    const auto current = alive.lock();
    if (!current || *current != generation) return;
    if (auto* failure = std::get_if<ports::Failure>(&digest))
      return cancel("a chunk could not be hashed: " + failure->message);
    on_digest(index, std::get<ports::Sha256>(digest));
  });
}

void IncomingTransfer::on_digest(std::uint32_t index, const ports::Sha256& digest) {
  const auto it = arrived_.find(index);
  if (it == arrived_.end()) return;
  it->second.matches = it->second.claimed == digest;
  hand_over_verified();
}

void IncomingTransfer::hand_over_verified() {
  const std::uint32_t before = verified_;
  while (!arrived_.empty() && arrived_.begin()->first == verified_ &&
         arrived_.begin()->second.matches.has_value()) {
    auto node = arrived_.extract(arrived_.begin());
    if (!*node.mapped().matches) {
      if (++retries_ > kMaxRetries) {
        return cancel("chunk " + std::to_string(verified_) + " arrived damaged " +
                      std::to_string(kMaxRetries + 1) + " times");
      }
      return ask_from_verified();
    }
    for (const auto& part : node.mapped().parts) sink_->append(part);
    digests_.append(reinterpret_cast<const char*>(node.mapped().claimed.data()), 32);
    ++verified_;
  }
  if (verified_ == before) return;
  meter_.add(env_.scheduler.now(), view().bytes);
  const bool all = verified_ == offer_.chunk_count();
  env_.send_control(FileAck{offer_.id, verified_});
  env_.changed();
  if (all) {
    set_state(TransferState::kVerifying);
    check_root();
  }
}

// Digests still on their way, and parts of a chunk not yet whole, are of chunks that
// will come again.
void IncomingTransfer::forget_unverified() {
  ++*generation_;
  arrived_.clear();
  parts_.clear();
  next_part_ = 0;
  next_expected_ = verified_;
}

void IncomingTransfer::ask_from_verified() {
  forget_unverified();
  env_.send_control(FileAccept{offer_.id, verified_});
}

// Once every chunk is verified and the sender's root is known, whichever comes last.
void IncomingTransfer::check_root() {
  if (!root_ || verified_ != offer_.chunk_count() || checking_root_) return;
  checking_root_ = true;
  const unsigned generation = *generation_;
  env_.hasher.sha256(digests_, [this, alive = std::weak_ptr<unsigned>(generation_),
                                generation](std::variant<ports::Sha256, ports::Failure> root) {
    const auto current = alive.lock();
    if (!current || *current != generation) return;
    if (auto* failure = std::get_if<ports::Failure>(&root))
      return cancel("the file could not be checked: " + failure->message);
    if (std::get<ports::Sha256>(root) != *root_)
      return cancel("the received file does not match what was sent");
    sink_->finish(offer_.name, offer_.mime);
    env_.send_control(FileDone{offer_.id});
    set_state(TransferState::kDone);
  });
}

// [SECTION] Control, cuts

void IncomingTransfer::on_control(const ControlFrame& frame) {
  if (const auto* end = std::get_if<FileEnd>(&frame)) {
    if (state_ != TransferState::kTransferring && state_ != TransferState::kVerifying) return;
    root_ = end->root;
    return check_root();
  }
  if (const auto* cancelled = std::get_if<FileCancel>(&frame)) {
    end(TransferState::kCancelled,
        cancelled->reason.empty() ? "cancelled by the sender" : cancelled->reason,
        /*tell_sender=*/false);
  }
}

void IncomingTransfer::path_cut() {
  const bool needs_more =
      state_ == TransferState::kTransferring || (state_ == TransferState::kVerifying && !root_);
  if (!needs_more) return;
  forget_unverified();
  set_state(TransferState::kWaiting);
}

void IncomingTransfer::path_back() {
  // Done while cut off: the sender may not have heard.
  if (state_ == TransferState::kDone) return env_.send_control(FileDone{offer_.id});
  if (state_ != TransferState::kWaiting) return;
  // Every chunk may be here already, with only the sender's root missing.
  set_state(verified_ == offer_.chunk_count() ? TransferState::kVerifying
                                              : TransferState::kTransferring);
  env_.send_control(FileAccept{offer_.id, verified_});
}

void IncomingTransfer::offered_again() {
  if (state_ == TransferState::kTransferring) env_.send_control(FileAccept{offer_.id, verified_});
}

void IncomingTransfer::set_state(TransferState state, std::string error) {
  if (state_ == state && error.empty()) return;
  state_ = state;
  if (!error.empty()) error_ = std::move(error);
  watch_for_stall();
  env_.changed();
}

void IncomingTransfer::watch_for_stall() {
  const bool data_due =
      state_ == TransferState::kTransferring || (state_ == TransferState::kVerifying && !root_);
  bytes_since_progress_ = 0;
  if (!data_due || env_.stall_after.count() <= 0) return stall_timer_.stop();
  stall_timer_.start(env_.stall_after, [this] {
    const auto seconds =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(env_.stall_after).count());
    if (bytes_since_progress_ == 0)
      return cancel("no data came from " + peer_id_ + " for " + seconds + " s");
    cancel("less than " + std::to_string(kMinProgressBytes / 1024) + " KiB came from " + peer_id_ +
           " in " + seconds + " s");
  });
}

TransferView IncomingTransfer::view() const {
  return view_of({key_, peer_id_, /*outgoing=*/false, offer_, state_, verified_, meter_, error_});
}

}  // namespace parley::transfer
