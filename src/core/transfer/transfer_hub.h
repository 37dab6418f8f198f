// Every file transfer of a call, in both directions, over each peer's "parley-files" link.
//
//   TransferHub hub({hasher, scheduler, make_sink}, {.on_change = ...});
//   hub.link_up("bob", {send_text, send_binary, buffered_amount});  // bob's channel works
//   const auto key = hub.send_file("bob", std::move(file), max_message_size);
//   hub.on_text("bob", frame); hub.on_binary("bob", bytes); hub.on_writable("bob");
//   hub.accept(key) / decline(key) / cancel(key);
//   hub.link_down("bob");  hub.peer_gone("bob", "Bob left the call");
//
// Sending is flow-controlled: parts go while the channel's bufferedAmount is under the
// high-water mark and resume on "bufferedamountlow", so the browser's send queue never
// overflows. Several transfers to one peer share its channel part by part, in turn.
// A cut link pauses that peer's transfers; they resume from the last verified chunk when
// it is back, and fail with a clear reason if it does not come back in time.
//
// A peer's frames are as hostile as anyone's: its control frames have a budget a second,
// it may have only so many offers waiting for an answer (more are declined), an accepted
// transfer that gets less than 16 KiB in `stall_after` ends with a clear error, finished transfers
// beyond the latest `max_finished` are forgotten, and an offer's file name is shown
// without path separators, controls or bidi overrides. Keys are unique in the process,
// so two clients in one page never share one.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/base/token_bucket.h"
#include "core/ports/files.h"
#include "core/ports/scheduler.h"
#include "core/transfer/incoming_transfer.h"
#include "core/transfer/outgoing_transfer.h"
#include "core/transfer/transfer_view.h"

namespace parley::transfer {

class TransferHub {
 public:
  struct Link {
    std::function<std::optional<ports::Failure>(const std::string&)> send_text;
    std::function<std::optional<ports::Failure>(const std::string&, const ports::BytesRef&)>
        send_binary;
    std::function<std::size_t()> buffered_amount;
  };
  struct Platform {
    ports::Hasher& hasher;
    ports::Scheduler& scheduler;
    // Where the file of incoming transfer `key` is assembled.
    std::function<std::unique_ptr<ports::FileSink>(const std::string& key)> make_sink;
  };
  struct Handlers {
    std::function<void(const TransferView&)> on_change;  // state changes; progress throttled
    std::function<void(const std::string& peer_id, const std::string& problem)> on_problem;
  };
  struct Settings {
    // Flow control: parts are queued while the send queue (bufferedAmount) is under the
    // high-water mark and resume when it falls to the low-water mark. Measured in
    // Chromium on loopback (tools/bench/file-transfer, and a sweep of message sizes and
    // marks): a queue of about two 64 KiB parts is fastest. With megabytes queued, or
    // messages of 128 KiB and more, transfers stall for a second at a time now and then (SCTP
    // losing packets early on and recovering slowly behind large messages). The queue
    // holds data not yet sent, not data in flight, so a short one does not cap the rate
    // of a long path.
    std::size_t high_water_bytes = 128 * 1024;
    std::size_t low_water_bytes = 64 * 1024;
    std::size_t chunk_bytes = 1 << 20;                // hashed, verified and resumed as one
    std::chrono::milliseconds give_up_after{30'000};  // a cut link that does not come back
    std::chrono::milliseconds progress_interval{250};
    std::chrono::milliseconds stall_after{60'000};  // accepted, link up, too little data
    std::size_t max_offers_waiting = 8;             // per peer, not yet accepted or declined
    std::size_t max_finished = 50;                  // ended transfers kept (both ways)
    double control_frames_per_second = 200;         // per peer; an ack per verified 1 MiB chunk
                                                    // at 200 MB/s stays under it
    double control_frame_burst = 400;
  };

  TransferHub(Platform platform, Handlers handlers, Settings settings);
  TransferHub(Platform platform, Handlers handlers)
      : TransferHub(std::move(platform), std::move(handlers), Settings{}) {}
  ~TransferHub();

  // Offers `file` to the peer; the key, or why not.
  struct Refused {
    std::string message;
  };
  std::variant<std::string, Refused> send_file(const std::string& peer_id,
                                               std::unique_ptr<ports::FileSource> file,
                                               std::size_t max_message_size);
  void accept(const std::string& key);
  void decline(const std::string& key);
  void cancel(const std::string& key);
  // Forgets a transfer that has ended (on the next turn of the event loop), releasing a
  // received file; false if there is no such transfer or it has not ended.
  bool dismiss(const std::string& key);

  void link_up(const std::string& peer_id, Link link);
  void link_down(const std::string& peer_id);
  void peer_gone(const std::string& peer_id, const std::string& reason);
  // The peer id is a new instance (a reloaded page) on the same link: what it had under
  // way ends with `reason`, and its offer ids may be used again.
  void peer_restarted(const std::string& peer_id, const std::string& reason);
  void on_text(const std::string& peer_id, const std::string& frame);
  void on_binary(const std::string& peer_id, const ports::BytesRef& bytes);
  void on_writable(const std::string& peer_id);

  std::vector<TransferView> transfers() const;
  std::optional<TransferView> transfer(const std::string& key) const;

  static constexpr const char* kChannelLabel = "parley-files";

 private:
  struct Peer {
    std::optional<Link> link;
    std::size_t turn = 0;  // whose part goes next
    std::unique_ptr<ports::Timer> give_up;
    std::unique_ptr<TokenBucket> control_budget;
    bool told_flood = false;   // the person heard of its control flood (once)
    bool told_offers = false;  // ... of its offers over the limit (once)
  };
  struct Reported {
    TransferState state;
    ports::Scheduler::Clock::time_point at;
  };

  Peer& peer(const std::string& peer_id);
  bool within_control_budget(const std::string& peer_id);
  void on_offer(const std::string& peer_id, const FileOffer& offer);
  std::size_t offers_waiting(const std::string& peer_id) const;
  // Fails what is under way with the peer; its old offer ids no longer name a transfer.
  void end_transfers_with(const std::string& peer_id, const std::string& reason);
  // Forgets the oldest finished transfers past max_finished (on the next turn of the
  // event loop: a transfer may be reporting its end from inside its own call).
  void prune_finished();
  void forget(const std::string& key);  // an ended transfer, no longer listed
  void send_control(const std::string& peer_id, const ControlFrame& frame);
  void pump(const std::string& peer_id);
  void changed(const std::string& key);
  std::string next_key();

  Platform platform_;
  Handlers handlers_;
  Settings settings_;
  std::map<std::string, Peer> peers_;
  std::map<std::string, std::unique_ptr<OutgoingTransfer>> outgoing_;         // by key (= wire id)
  std::map<std::string, std::unique_ptr<IncomingTransfer>> incoming_;         // by key
  std::map<std::pair<std::string, std::string>, std::string> incoming_keys_;  // (peer, id)
  std::map<std::string, Reported> reported_;
  std::vector<std::string> finished_;   // keys, in the order they ended
  std::vector<std::string> dismissed_;  // keys to forget on the next turn
  ports::Timer prune_timer_{platform_.scheduler};
  bool pumping_ = false;
};

}  // namespace parley::transfer
