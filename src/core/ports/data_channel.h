// An RTCDataChannel, with W3C names, as core drives it; and Bytes, the handle by which
// binary data crosses core without being copied into it. bindings/ implements both over
// the browser's objects (Bytes over an ArrayBuffer); tests use tests/fakes.
//
// File data never needs to be in the wasm heap: core reads a chunk's small header with
// Bytes::copy() and passes the rest on by handle (to a digest, a Blob, a channel).
// Handlers run on the event loop, never from inside a call, and never after close().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/ports/failure.h"

namespace parley::ports {

class Bytes {
 public:
  virtual ~Bytes() = default;
  virtual std::size_t size() const = 0;
  // A copy of [begin, end) into core (clamped to the size): for headers, not payloads.
  virtual std::string copy(std::size_t begin, std::size_t end) const = 0;
  // [begin, end) as another handle, without copying where the platform can avoid it.
  virtual std::shared_ptr<const Bytes> slice(std::size_t begin, std::size_t end) const = 0;
};
using BytesRef = std::shared_ptr<const Bytes>;

// createDataChannel(label, {negotiated: true, id, ordered: true}): both peers create it
// with the same id, so neither waits for the other's "datachannel" event.
struct DataChannelInit {
  std::string label;
  std::uint16_t id = 0;
};

class DataChannel {
 public:
  enum class State : std::uint8_t { kConnecting, kOpen, kClosing, kClosed };

  struct Handlers {
    std::function<void()> on_open;
    std::function<void()> on_close;
    std::function<void(const std::string&)> on_text;
    std::function<void(BytesRef)> on_binary;
    std::function<void()> on_buffered_amount_low;
  };

  virtual ~DataChannel() = default;
  // Set once, right after creation (events are delivered later, from the event loop).
  virtual void set_handlers(Handlers handlers) = 0;
  // send() of a string; a failure is what the browser threw (e.g. not open).
  virtual std::optional<Failure> send_text(const std::string& text) = 0;
  // send() of one binary message: `head` followed by `body`.
  virtual std::optional<Failure> send_binary(const std::string& head, const BytesRef& body) = 0;
  virtual std::size_t buffered_amount() const = 0;
  virtual void set_buffered_amount_low_threshold(std::size_t bytes) = 0;
  virtual State ready_state() const = 0;
  virtual void close() = 0;
};

}  // namespace parley::ports
