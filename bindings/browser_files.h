// ports::FileSource over a File or Blob, ports::FileSink over a Blob assembled from parts
// (bindings/files.pre.js), and ports::Hasher over WebCrypto's SHA-256.
#pragma once

#include <emscripten/val.h>

#include "core/ports/files.h"

namespace parley::bindings {

class BrowserFileSource final : public ports::FileSource {
 public:
  explicit BrowserFileSource(emscripten::val file);  // a File (or Blob)
  std::string name() const override { return name_; }
  std::uint64_t size() const override { return size_; }
  std::string mime() const override { return mime_; }
  void read(std::uint64_t offset, std::uint32_t length,
            std::function<void(std::variant<ports::BytesRef, ports::Failure>)> done) override;

 private:
  emscripten::val file_;
  std::string name_;
  std::uint64_t size_;
  std::string mime_;
};

// The file of incoming transfer `key`; when finished it is Module.parleyReceived[key]:
// {blob, name, url}.
class BrowserFileSink final : public ports::FileSink {
 public:
  explicit BrowserFileSink(std::string key);
  ~BrowserFileSink() override;
  void append(const ports::BytesRef& part) override;
  void finish(const std::string& name, const std::string& mime) override;
  void discard() override;

 private:
  std::string key_;
  bool open_ = true;
};

class BrowserHasher final : public ports::Hasher {
 public:
  void sha256(const ports::BytesRef& bytes,
              std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) override;
  void sha256(const std::vector<ports::BytesRef>& parts,
              std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) override;
  void sha256(std::string bytes,
              std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) override;
};

// What a finished sink left: {blob, name, url}, or undefined.
emscripten::val received_file(const std::string& key);

}  // namespace parley::bindings
