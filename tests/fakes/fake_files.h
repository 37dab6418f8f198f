// Files for transfer tests: a FileSource over a string, a FileSink that collects what it
// is given, and a Hasher with a simple 32-byte digest (the browser uses WebCrypto's
// SHA-256; tests only need "different bytes, different digest"). Answers come on the
// scheduler, as the browser's promises would.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/ports/files.h"
#include "fake_data_channel.h"
#include "fake_scheduler.h"

namespace parley::fakes {

class FakeFileSource final : public ports::FileSource {
 public:
  FakeFileSource(FakeScheduler& scheduler, std::string name, std::string contents,
                 std::string mime = "")
      : data(std::move(contents)),
        scheduler_(scheduler),
        name_(std::move(name)),
        mime_(std::move(mime)) {}
  std::string name() const override { return name_; }
  std::uint64_t size() const override { return data.size(); }
  std::string mime() const override { return mime_; }
  void read(std::uint64_t offset, std::uint32_t length,
            std::function<void(std::variant<ports::BytesRef, ports::Failure>)> done) override {
    ++reads;
    std::variant<ports::BytesRef, ports::Failure> result =
        fail_reads
            ? std::variant<ports::BytesRef, ports::Failure>(
                  ports::Failure{"NotReadableError", "gone"})
            : bytes_of(data.substr(
                  static_cast<std::size_t>(std::min<std::uint64_t>(offset, data.size())), length));
    scheduler_.set_timeout(read_latency ? read_latency(offset) : std::chrono::milliseconds(0),
                           [done, result] { done(result); });
  }
  int reads = 0;
  bool fail_reads = false;
  // How long a read at `offset` takes; reads of a file on disk can finish out of order.
  std::function<std::chrono::milliseconds(std::uint64_t offset)> read_latency;
  std::string data;  // what reads see; a test may change it under a transfer

 private:
  FakeScheduler& scheduler_;
  std::string name_;
  std::string mime_;
};

struct FakeSinkRecord {
  std::string data;
  bool finished = false;
  bool discarded = false;
  bool released = false;  // the sink is gone: a finished file is no longer offered
  std::string name;
  std::string mime;
};

class FakeFileSink final : public ports::FileSink {
 public:
  explicit FakeFileSink(std::shared_ptr<FakeSinkRecord> record) : record_(std::move(record)) {}
  ~FakeFileSink() override { record_->released = true; }
  void append(const ports::BytesRef& part) override { record_->data += data_of(part); }
  void finish(const std::string& name, const std::string& mime) override {
    record_->finished = true;
    record_->name = name;
    record_->mime = mime;
  }
  void discard() override {
    record_->discarded = true;
    record_->data.clear();
  }

 private:
  std::shared_ptr<FakeSinkRecord> record_;
};

class FakeHasher final : public ports::Hasher {
 public:
  explicit FakeHasher(FakeScheduler& scheduler) : scheduler_(scheduler) {}
  static ports::Sha256 digest(const std::string& bytes) {
    ports::Sha256 out{};
    // Four FNV-1a lanes with different seeds: enough to tell any two test inputs apart.
    for (std::size_t lane = 0; lane < 4; ++lane) {
      std::uint64_t h = 1469598103934665603ull ^ (lane * 0x9e3779b97f4a7c15ull);
      for (const char c : bytes) h = (h ^ static_cast<std::uint8_t>(c)) * 1099511628211ull;
      for (std::size_t i = 0; i < 8; ++i)
        out[lane * 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
    }
    return out;
  }
  void sha256(const ports::BytesRef& bytes,
              std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) override {
    sha256(data_of(bytes), std::move(done));
  }
  void sha256(const std::vector<ports::BytesRef>& parts,
              std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) override {
    std::string all;
    for (const auto& part : parts) all += data_of(part);
    sha256(std::move(all), std::move(done));
  }
  void sha256(std::string bytes,
              std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) override {
    ++calls;
    const auto result = digest(bytes);
    scheduler_.set_timeout(std::chrono::milliseconds(0), [done, result] { done(result); });
  }
  int calls = 0;

 private:
  FakeScheduler& scheduler_;
};

}  // namespace parley::fakes
