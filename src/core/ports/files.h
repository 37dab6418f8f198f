// What file transfers need from the platform: reading a file the person picked, SHA-256
// (WebCrypto in the browser), and a place for a received file outside core's memory (a
// Blob assembled from parts). bindings/ implements them; tests use tests/fakes.
// Asynchronous answers come later on the event loop, never from inside the call.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/ports/data_channel.h"
#include "core/ports/failure.h"

namespace parley::ports {

using Sha256 = std::array<std::uint8_t, 32>;

// A File (or Blob) to send.
class FileSource {
 public:
  virtual ~FileSource() = default;
  virtual std::string name() const = 0;
  virtual std::uint64_t size() const = 0;
  virtual std::string mime() const = 0;
  // Bytes [offset, offset + length), clamped to the size.
  virtual void read(std::uint64_t offset, std::uint32_t length,
                    std::function<void(std::variant<BytesRef, Failure>)> done) = 0;
};

// A received file, assembled from verified parts in order.
class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void append(const BytesRef& part) = 0;
  // All parts are in: the file is offered to the person (a download in the browser) for
  // as long as this sink lives; destroying it releases the file.
  virtual void finish(const std::string& name, const std::string& mime) = 0;
  // The transfer ended without a file: the parts are dropped.
  virtual void discard() = 0;
};

class Hasher {
 public:
  virtual ~Hasher() = default;
  virtual void sha256(const BytesRef& bytes,
                      std::function<void(std::variant<Sha256, Failure>)> done) = 0;
  // Of the parts one after another.
  virtual void sha256(const std::vector<BytesRef>& parts,
                      std::function<void(std::variant<Sha256, Failure>)> done) = 0;
  virtual void sha256(std::string bytes,
                      std::function<void(std::variant<Sha256, Failure>)> done) = 0;
};

}  // namespace parley::ports
