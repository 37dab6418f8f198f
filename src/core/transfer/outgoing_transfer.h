// Sending one file to one peer:
//
//   offered --accept{have}--> transferring --(every chunk sent, file-end{root})--> verifying
//   verifying --done--> done
//   any --decline / cancel / failure--> declined / cancelled / failed
//   transferring / verifying --(path cut)--> waiting --accept{have}--> transferring
//
// Chunks are read and hashed a chunk or two ahead of the channel and sent as parts that
// fit a message; the root of all chunk digests follows the last part. An accept names the first
// chunk the receiver still needs - 0 at first, the last verified one after a cut or a chunk that
// failed its check - and sending starts again from there; a chunk read again must hash as it did
// the first time (else the file changed under us). Chunk data is never in core: it passes from the
// FileSource to the channel by handle.
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

class OutgoingTransfer {
 public:
  struct Env {
    ports::Hasher& hasher;
    ports::Scheduler& scheduler;
    std::function<void(const ControlFrame&)> send_control;  // dropped while the path is cut
    std::function<void()> chunk_ready;                      // take_part() has something
    std::function<void()> changed;                          // state or progress
  };
  struct Frame {
    std::string head;
    ports::BytesRef body;
  };

  OutgoingTransfer(std::string key, std::string peer_id, std::unique_ptr<ports::FileSource> file,
                   std::uint32_t chunk_size, std::uint32_t part_size, Env env);
  OutgoingTransfer(const OutgoingTransfer&) = delete;
  OutgoingTransfer& operator=(const OutgoingTransfer&) = delete;

  void start();  // checks the file can be read, then offers it
  void on_control(const ControlFrame& frame);
  // The next part frame, in order, if its chunk has been read and hashed.
  std::optional<Frame> take_part();
  void path_cut();
  void path_back();                        // the offer goes again if it may have been lost
  void cancel(const std::string& reason);  // by us: the receiver is told
  void fail(const std::string& reason);    // the peer is gone: nobody to tell

  TransferView view() const;
  TransferState state() const { return state_; }

 private:
  void read_ahead();
  void on_read(std::uint32_t index, const ports::BytesRef& bytes, const ports::Sha256& digest);
  void send_end();
  void set_state(TransferState state, std::string error = {});
  void restart_from(std::uint32_t have);

  static constexpr std::size_t kReadAhead = 2;  // chunks being read or hashed, or ready

  std::string key_;
  std::string peer_id_;
  std::unique_ptr<ports::FileSource> file_;
  Env env_;
  FileOffer offer_;
  std::vector<std::optional<Digest>> digests_;  // of each chunk, once read
  TransferState state_ = TransferState::kOffered;
  std::string error_;
  std::uint32_t next_to_read_ = 0;
  std::uint32_t next_to_send_ = 0;  // the chunk whose parts are being sent
  std::uint32_t next_part_ = 0;     // of that chunk
  std::uint32_t reads_in_flight_ = 0;
  // Chunks read and not yet sent, by index. Reads can finish out of order (a file on disk).
  std::map<std::uint32_t, ports::BytesRef> ready_;
  std::uint32_t acknowledged_ = 0;  // chunks the receiver verified
  ProgressMeter meter_;
  // Reads and digests answer later; a restart or an ending makes older answers stale.
  std::shared_ptr<unsigned> generation_ = std::make_shared<unsigned>(0);
};

}  // namespace parley::transfer
