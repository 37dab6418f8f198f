#include "core/transfer/outgoing_transfer.h"

#include "core/base/overloaded.h"

namespace parley::transfer {

namespace {
// A callback that runs `body` only if the transfer still exists and has not restarted.
template <typename Body>
auto guarded(const std::shared_ptr<unsigned>& generation, Body body) {
  return [weak = std::weak_ptr<unsigned>(generation), expected = *generation,
          body = std::move(body)](auto&&... args) mutable {
    const auto alive = weak.lock();
    if (alive && *alive == expected) body(std::forward<decltype(args)>(args)...);
  };
}
}  // namespace

OutgoingTransfer::OutgoingTransfer(std::string key, std::string peer_id,
                                   std::unique_ptr<ports::FileSource> file,
                                   std::uint32_t chunk_size, std::uint32_t part_size, Env env)
    : key_(std::move(key)),
      peer_id_(std::move(peer_id)),
      file_(std::move(file)),
      env_(std::move(env)) {
  offer_.id = key_;
  offer_.name = file_->name();
  offer_.size = file_->size();
  offer_.mime = file_->mime();
  offer_.chunk_size = chunk_size;
  offer_.part_size = part_size;
  digests_.resize(offer_.chunk_count());
}

void OutgoingTransfer::start() {
  env_.changed();
  if (offer_.size == 0) return env_.send_control(offer_);
  // One byte first: a file that cannot be read is reported now, not offered.
  file_->read(0, 1,
              guarded(generation_, [this](std::variant<ports::BytesRef, ports::Failure> read) {
                if (auto* failure = std::get_if<ports::Failure>(&read))
                  return cancel("the file could not be read: " + failure->message);
                env_.send_control(offer_);
              }));
}

// [SECTION] Sending

void OutgoingTransfer::on_control(const ControlFrame& frame) {
  if (finished(state_)) return;
  std::visit(Overloaded{
                 [&](const FileAccept& accept) {
                   if (accept.have > offer_.chunk_count())
                     return cancel("the receiver asked for a chunk that does not exist");
                   restart_from(accept.have);
                 },
                 [&](const FileAck& ack) {
                   if (ack.have > acknowledged_ && ack.have <= offer_.chunk_count()) {
                     acknowledged_ = ack.have;
                     meter_.add(env_.scheduler.now(), view().bytes);
                     env_.changed();
                   }
                 },
                 [&](const FileDone&) {
                   acknowledged_ = offer_.chunk_count();
                   set_state(TransferState::kDone);
                 },
                 [&](const FileDecline&) { set_state(TransferState::kDeclined, "declined"); },
                 [&](const FileCancel& cancel) {
                   ++*generation_;
                   ready_.clear();
                   set_state(TransferState::kCancelled,
                             cancel.reason.empty() ? "cancelled by the receiver" : cancel.reason);
                 },
                 [](const FileOffer&) {},
                 [](const FileEnd&) {},
             },
             frame);
}

void OutgoingTransfer::restart_from(std::uint32_t have) {
  ++*generation_;  // reads of the old run are dropped
  ready_.clear();
  reads_in_flight_ = 0;
  next_to_read_ = next_to_send_ = have;
  next_part_ = 0;
  acknowledged_ = std::max(acknowledged_, have);
  if (state_ != TransferState::kTransferring) meter_.reset();
  if (have == offer_.chunk_count()) return send_end();  // only the root was missing
  set_state(TransferState::kTransferring);
  read_ahead();
}

void OutgoingTransfer::read_ahead() {
  const std::uint32_t count = offer_.chunk_count();
  while (state_ == TransferState::kTransferring && reads_in_flight_ + ready_.size() < kReadAhead &&
         next_to_read_ < count) {
    const std::uint32_t index = next_to_read_++;
    ++reads_in_flight_;
    file_->read(
        std::uint64_t{index} * offer_.chunk_size, offer_.chunk_bytes(index),
        guarded(generation_, [this, index](std::variant<ports::BytesRef, ports::Failure> read) {
          if (auto* failure = std::get_if<ports::Failure>(&read))
            return cancel("the file could not be read: " + failure->message);
          const auto bytes = std::get<ports::BytesRef>(read);
          if (bytes->size() != offer_.chunk_bytes(index))
            return cancel("the file changed while it was being sent");
          env_.hasher.sha256(
              bytes, guarded(generation_, [this, index, bytes](
                                              std::variant<ports::Sha256, ports::Failure> digest) {
                if (auto* failure = std::get_if<ports::Failure>(&digest))
                  return cancel("the file could not be hashed: " + failure->message);
                on_read(index, bytes, std::get<ports::Sha256>(digest));
              }));
        }));
  }
}

void OutgoingTransfer::on_read(std::uint32_t index, const ports::BytesRef& bytes,
                               const ports::Sha256& digest) {
  --reads_in_flight_;
  if (digests_[index] && *digests_[index] != digest)
    return cancel("the file changed while it was being sent");
  digests_[index] = digest;
  ready_.emplace(index, bytes);
  env_.chunk_ready();
}

std::optional<OutgoingTransfer::Frame> OutgoingTransfer::take_part() {
  if (state_ != TransferState::kTransferring || ready_.empty() ||
      ready_.begin()->first != next_to_send_)
    return std::nullopt;
  const std::uint32_t index = next_to_send_;
  const ports::BytesRef& chunk = ready_.begin()->second;
  const std::size_t begin = std::size_t{next_part_} * offer_.part_size;
  Frame frame{
      encode_part_header({key_, index, static_cast<std::uint16_t>(next_part_), *digests_[index]}),
      chunk->slice(begin, begin + offer_.part_bytes(index, next_part_))};
  if (++next_part_ < offer_.part_count(index)) return frame;
  ready_.erase(ready_.begin());
  next_part_ = 0;
  ++next_to_send_;
  if (next_to_send_ == offer_.chunk_count()) {
    send_end();  // the root is hashed first, so it always follows this last part
  } else {
    read_ahead();
  }
  return frame;
}

void OutgoingTransfer::send_end() {
  set_state(TransferState::kVerifying);
  std::string all;
  all.reserve(digests_.size() * 32);
  for (const auto& digest : digests_) {
    const Digest d = digest.value_or(Digest{});  // unknown only if a receiver skipped ahead
    all.append(reinterpret_cast<const char*>(d.data()), d.size());
  }
  env_.hasher.sha256(std::move(all),
                     guarded(generation_, [this](std::variant<ports::Sha256, ports::Failure> root) {
                       if (auto* failure = std::get_if<ports::Failure>(&root))
                         return cancel("the file could not be hashed: " + failure->message);
                       env_.send_control(FileEnd{key_, std::get<ports::Sha256>(root)});
                     }));
}

// [SECTION] Cuts and endings

void OutgoingTransfer::path_cut() {
  if (state_ != TransferState::kTransferring && state_ != TransferState::kVerifying) return;
  ++*generation_;
  ready_.clear();
  reads_in_flight_ = 0;
  set_state(TransferState::kWaiting);  // the receiver's accept{have} resumes it
}

void OutgoingTransfer::path_back() {
  if (state_ == TransferState::kOffered) env_.send_control(offer_);
}

void OutgoingTransfer::cancel(const std::string& reason) {
  if (finished(state_)) return;
  ++*generation_;
  ready_.clear();
  env_.send_control(FileCancel{key_, reason});
  set_state(TransferState::kCancelled, reason);
}

void OutgoingTransfer::fail(const std::string& reason) {
  if (finished(state_)) return;
  ++*generation_;
  ready_.clear();
  set_state(TransferState::kFailed, reason);
}

void OutgoingTransfer::set_state(TransferState state, std::string error) {
  if (state_ == state && error.empty()) return;
  state_ = state;
  if (!error.empty()) error_ = std::move(error);
  env_.changed();
}

TransferView OutgoingTransfer::view() const {
  return view_of(
      {key_, peer_id_, /*outgoing=*/true, offer_, state_, acknowledged_, meter_, error_});
}

}  // namespace parley::transfer
