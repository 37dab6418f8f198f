#include "core/transfer/transfer_hub.h"

#include <utility>

#include "core/base/overloaded.h"
#include "core/text/display_text.h"

namespace parley::transfer {

TransferHub::TransferHub(Platform platform, Handlers handlers, Settings settings)
    : platform_(std::move(platform)), handlers_(std::move(handlers)), settings_(settings) {}

TransferHub::~TransferHub() {
  handlers_ = {};  // nothing is reported while tearing down
}

TransferHub::Peer& TransferHub::peer(const std::string& peer_id) {
  return peers_[peer_id];
}

std::string TransferHub::next_key() {
  // One counter for every hub of the process: two clients in one page (one wasm module)
  // must never name two files alike. The event loop is single-threaded; the server has
  // no hubs.
  static std::uint64_t keys_made = 0;
  return "t" + std::to_string(++keys_made);
}

// [SECTION] Commands

std::variant<std::string, TransferHub::Refused> TransferHub::send_file(
    const std::string& peer_id, std::unique_ptr<ports::FileSource> file,
    std::size_t max_message_size) {
  if (!file) return Refused{"there is no file to send"};
  if (file->size() > kMaxFileBytes) return Refused{"files of up to 1 TiB can be sent"};
  if (file->name().empty() || file->name().size() > kMaxNameBytes)
    return Refused{"the file name must be 1-255 bytes"};
  const std::uint32_t part_size = part_size_for(max_message_size);
  if (part_size == 0) return Refused{"the peer's data channel accepts too small messages"};
  const std::uint32_t chunk_size = chunk_size_for(part_size, settings_.chunk_bytes);
  const std::string key = next_key();
  auto transfer = std::make_unique<OutgoingTransfer>(
      key, peer_id, std::move(file), chunk_size, part_size,
      OutgoingTransfer::Env{
          platform_.hasher, platform_.scheduler,
          [this, peer_id](const ControlFrame& frame) { send_control(peer_id, frame); },
          [this, peer_id] { pump(peer_id); }, [this, key] { changed(key); }});
  OutgoingTransfer& started = *transfer;
  outgoing_.emplace(key, std::move(transfer));
  peer(peer_id);
  started.start();
  return key;
}

void TransferHub::accept(const std::string& key) {
  if (const auto it = incoming_.find(key); it != incoming_.end()) it->second->accept();
}

void TransferHub::decline(const std::string& key) {
  if (const auto it = incoming_.find(key); it != incoming_.end()) it->second->decline();
}

void TransferHub::cancel(const std::string& key) {
  if (const auto it = incoming_.find(key); it != incoming_.end())
    return it->second->cancel("cancelled by the receiver");
  if (const auto it = outgoing_.find(key); it != outgoing_.end())
    it->second->cancel("cancelled by the sender");
}

bool TransferHub::dismiss(const std::string& key) {
  const auto view = transfer(key);
  if (!view || !finished(view->state)) return false;
  // Forgotten on the next turn, with the pruned ones: this may be a 'file' event handler.
  std::erase(finished_, key);
  dismissed_.push_back(key);
  if (!prune_timer_.running())
    prune_timer_.start(std::chrono::milliseconds(0), [this] { prune_finished(); });
  return true;
}

// [SECTION] Links

void TransferHub::link_up(const std::string& peer_id, Link link) {
  Peer& p = peer(peer_id);
  p.link = std::move(link);
  p.give_up.reset();
  for (auto& [key, transfer] : incoming_) {
    if (transfer->view().peer_id == peer_id) transfer->path_back();
  }
  for (auto& [key, transfer] : outgoing_) {
    if (transfer->view().peer_id == peer_id) transfer->path_back();
  }
  pump(peer_id);
}

void TransferHub::link_down(const std::string& peer_id) {
  Peer& p = peer(peer_id);
  if (!p.link) return;
  p.link.reset();
  bool any = false;
  for (auto& [key, transfer] : incoming_) {
    if (transfer->view().peer_id != peer_id || finished(transfer->state())) continue;
    transfer->path_cut();
    any = true;
  }
  for (auto& [key, transfer] : outgoing_) {
    if (transfer->view().peer_id != peer_id || finished(transfer->state())) continue;
    transfer->path_cut();
    any = true;
  }
  if (!any) return;
  p.give_up = std::make_unique<ports::Timer>(platform_.scheduler);
  p.give_up->start(settings_.give_up_after, [this, peer_id] {
    peer_gone(peer_id, "the connection to " + peer_id + " was lost and did not come back");
  });
}

void TransferHub::peer_gone(const std::string& peer_id, const std::string& reason) {
  end_transfers_with(peer_id, reason);
  peers_.erase(peer_id);
}

void TransferHub::peer_restarted(const std::string& peer_id, const std::string& reason) {
  end_transfers_with(peer_id, reason);
  if (const auto it = peers_.find(peer_id); it != peers_.end()) it->second.give_up.reset();
}

void TransferHub::end_transfers_with(const std::string& peer_id, const std::string& reason) {
  for (auto& [key, transfer] : incoming_) {
    if (transfer->view().peer_id == peer_id) transfer->fail(reason);
  }
  for (auto& [key, transfer] : outgoing_) {
    if (transfer->view().peer_id == peer_id) transfer->fail(reason);
  }
  // A later instance under this id numbers its offers afresh: "t1" is a new file, not the
  // failed one (which stays listed under its own key).
  std::erase_if(incoming_keys_, [&](const auto& entry) { return entry.first.first == peer_id; });
}

// [SECTION] Frames from a peer

bool TransferHub::within_control_budget(const std::string& peer_id) {
  Peer& p = peer(peer_id);
  if (!p.control_budget) {
    p.control_budget = std::make_unique<TokenBucket>(settings_.control_frames_per_second,
                                                     settings_.control_frame_burst);
  }
  if (p.control_budget->try_take(platform_.scheduler.now())) return true;
  if (!p.told_flood && handlers_.on_problem) {
    p.told_flood = true;
    handlers_.on_problem(peer_id, peer_id + " sends file messages faster than " +
                                      std::to_string(int(settings_.control_frames_per_second)) +
                                      " a second; the excess is ignored");
  }
  return false;
}

void TransferHub::on_text(const std::string& peer_id, const std::string& frame) {
  if (!within_control_budget(peer_id)) return;  // before parsing: a flood costs little
  auto parsed = parse_control(frame);
  if (auto* error = std::get_if<WireError>(&parsed)) {
    if (handlers_.on_problem)
      handlers_.on_problem(peer_id,
                           "a file message from " + peer_id + " was refused: " + error->message);
    return;
  }
  const ControlFrame& control = std::get<ControlFrame>(parsed);
  const std::string& id =
      std::visit([](const auto& f) -> const std::string& { return f.id; }, control);

  if (const auto* offer = std::get_if<FileOffer>(&control)) return on_offer(peer_id, *offer);
  // Accept, decline, ack, done are about what we send; end is about what they send;
  // cancel may be about either.
  const bool about_theirs = std::holds_alternative<FileEnd>(control);
  const bool about_either = std::holds_alternative<FileCancel>(control);
  const auto ours = outgoing_.find(id);
  if (ours != outgoing_.end() && ours->second->view().peer_id == peer_id && !about_theirs &&
      !about_either) {
    ours->second->on_control(control);
    return pump(peer_id);
  }
  if (about_theirs || about_either) {
    if (const auto theirs = incoming_keys_.find({peer_id, id}); theirs != incoming_keys_.end())
      return incoming_.at(theirs->second)->on_control(control);
    if (about_either && ours != outgoing_.end() && ours->second->view().peer_id == peer_id)
      return ours->second->on_control(control);
  }
  // About a transfer we do not know (ended and forgotten, or never ours): nothing to do.
}

void TransferHub::on_offer(const std::string& peer_id, const FileOffer& offer) {
  const auto known = incoming_keys_.find({peer_id, offer.id});
  if (known != incoming_keys_.end()) return incoming_.at(known->second)->offered_again();
  if (offers_waiting(peer_id) >= settings_.max_offers_waiting) {
    // Declined unseen: nobody can answer an unbounded pile of offers, and each would be a
    // toast. The sender sees "declined".
    send_control(peer_id, FileDecline{offer.id});
    Peer& p = peer(peer_id);
    if (!p.told_offers && handlers_.on_problem) {
      p.told_offers = true;
      handlers_.on_problem(peer_id, peer_id + " offered more than " +
                                        std::to_string(settings_.max_offers_waiting) +
                                        " files at once; the rest were declined");
    }
    return;
  }
  FileOffer shown = offer;
  shown.name = text::display_file_name(offer.name);
  const std::string key = next_key();
  incoming_keys_[{peer_id, offer.id}] = key;
  incoming_.emplace(key,
                    std::make_unique<IncomingTransfer>(
                        key, peer_id, std::move(shown),
                        IncomingTransfer::Env{
                            platform_.hasher, platform_.scheduler,
                            [this, key] { return platform_.make_sink(key); },
                            [this, peer_id](const ControlFrame& f) { send_control(peer_id, f); },
                            [this, key] { changed(key); }, settings_.stall_after}));
  changed(key);
}

std::size_t TransferHub::offers_waiting(const std::string& peer_id) const {
  std::size_t waiting = 0;
  for (const auto& [key, transfer] : incoming_) {
    waiting += transfer->state() == TransferState::kOffered && transfer->view().peer_id == peer_id;
  }
  return waiting;
}

void TransferHub::on_binary(const std::string& peer_id, const ports::BytesRef& bytes) {
  std::size_t header_size = 0;
  auto header = decode_part_header(bytes->copy(0, kMaxPartHeaderBytes), &header_size);
  if (auto* error = std::get_if<WireError>(&header)) {
    if (handlers_.on_problem)
      handlers_.on_problem(peer_id,
                           "a file part from " + peer_id + " was refused: " + error->message);
    return;
  }
  const auto& part = std::get<PartHeader>(header);
  const auto it = incoming_keys_.find({peer_id, part.id});
  if (it == incoming_keys_.end()) return;  // a transfer that ended: its last parts
  incoming_.at(it->second)->on_part(part, bytes->slice(header_size, bytes->size()));
}

void TransferHub::on_writable(const std::string& peer_id) {
  pump(peer_id);
}

// [SECTION] Sending

void TransferHub::send_control(const std::string& peer_id, const ControlFrame& frame) {
  const auto it = peers_.find(peer_id);
  // While the link is down nothing is sent: both sides restate where they are when it is
  // back (the receiver's accept{have}, the sender's offer).
  if (it == peers_.end() || !it->second.link) return;
  if (const auto failure = it->second.link->send_text(serialize(frame));
      failure && handlers_.on_problem)
    handlers_.on_problem(peer_id, "could not send to " + peer_id + ": " + failure->message);
}

void TransferHub::pump(const std::string& peer_id) {
  if (pumping_) return;  // a transfer's callback during a pump: the loop sees it
  const auto it = peers_.find(peer_id);
  if (it == peers_.end() || !it->second.link) return;
  Peer& p = it->second;
  std::vector<OutgoingTransfer*> turns;
  for (auto& [key, transfer] : outgoing_) {
    if (transfer->view().peer_id == peer_id && transfer->state() == TransferState::kTransferring)
      turns.push_back(transfer.get());
  }
  if (turns.empty()) return;
  pumping_ = true;
  std::size_t idle = 0;  // transfers in a row with nothing ready
  while (idle < turns.size() && p.link && p.link->buffered_amount() < settings_.high_water_bytes) {
    OutgoingTransfer& transfer = *turns[p.turn++ % turns.size()];
    auto frame = transfer.take_part();
    if (!frame) {
      ++idle;
      continue;
    }
    idle = 0;
    if (const auto failure = p.link->send_binary(frame->head, frame->body)) {
      // Not expected under flow control; the transfer restarts from what was verified.
      if (handlers_.on_problem)
        handlers_.on_problem(peer_id, "could not send a file part: " + failure->message);
      transfer.path_cut();
      break;
    }
  }
  pumping_ = false;
}

// [SECTION] Views

void TransferHub::changed(const std::string& key) {
  const auto view = transfer(key);
  if (!view) return;
  const auto now = platform_.scheduler.now();
  const auto it = reported_.find(key);
  const bool state_changed = it == reported_.end() || it->second.state != view->state;
  if (!state_changed && now - it->second.at < settings_.progress_interval) return;
  if (state_changed && finished(view->state)) {
    finished_.push_back(key);
    if (finished_.size() > settings_.max_finished && !prune_timer_.running())
      prune_timer_.start(std::chrono::milliseconds(0), [this] { prune_finished(); });
  }
  reported_[key] = {view->state, now};
  if (handlers_.on_change) handlers_.on_change(*view);
}

void TransferHub::prune_finished() {
  for (const auto& key : std::exchange(dismissed_, {})) forget(key);
  while (finished_.size() > settings_.max_finished) {
    const std::string key = finished_.front();
    finished_.erase(finished_.begin());
    forget(key);
  }
}

void TransferHub::forget(const std::string& key) {
  reported_.erase(key);
  outgoing_.erase(key);
  const auto incoming = incoming_.find(key);
  if (incoming == incoming_.end()) return;
  const auto mapped =
      incoming_keys_.find({incoming->second->view().peer_id, incoming->second->offer().id});
  if (mapped != incoming_keys_.end() && mapped->second == key) incoming_keys_.erase(mapped);
  incoming_.erase(incoming);  // its sink, and with it a received file, goes
}

std::vector<TransferView> TransferHub::transfers() const {
  std::vector<TransferView> views;
  for (const auto& [key, transfer] : outgoing_) views.push_back(transfer->view());
  for (const auto& [key, transfer] : incoming_) views.push_back(transfer->view());
  return views;
}

std::optional<TransferView> TransferHub::transfer(const std::string& key) const {
  if (const auto it = outgoing_.find(key); it != outgoing_.end()) return it->second->view();
  if (const auto it = incoming_.find(key); it != incoming_.end()) return it->second->view();
  return std::nullopt;
}

}  // namespace parley::transfer
