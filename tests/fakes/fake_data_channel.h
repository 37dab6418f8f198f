// A DataChannel that records what core sends and lets a test play the browser: open it,
// deliver messages, close it, drain its buffer. Two of them can be joined into a pair
// whose messages reach each other (on the scheduler, as the browser's events would).
// FakeBytes is a Bytes over a std::string.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/ports/data_channel.h"
#include "fake_scheduler.h"

namespace parley::fakes {

class FakeBytes final : public ports::Bytes {
 public:
  explicit FakeBytes(std::string data) : data_(std::move(data)) {}
  std::size_t size() const override { return data_.size(); }
  std::string copy(std::size_t begin, std::size_t end) const override {
    begin = std::min(begin, data_.size());
    return data_.substr(begin, std::min(end, data_.size()) - begin);
  }
  ports::BytesRef slice(std::size_t begin, std::size_t end) const override {
    return std::make_shared<FakeBytes>(copy(begin, end));
  }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
};

inline ports::BytesRef bytes_of(std::string data) {
  return std::make_shared<FakeBytes>(std::move(data));
}
inline const std::string& data_of(const ports::BytesRef& bytes) {
  return static_cast<const FakeBytes&>(*bytes).data();
}

class FakeDataChannel final : public ports::DataChannel {
 public:
  // What tests inspect and drive; outlives the channel.
  struct Record {
    ports::DataChannelInit init;
    Handlers handlers;
    State state = State::kConnecting;
    std::vector<std::string> texts;     // sent text messages
    std::vector<std::string> binaries;  // sent binary messages, head + body
    std::size_t buffered = 0;           // bytes sent and not yet drained
    std::size_t low_threshold = 0;
    std::optional<ports::Failure> refuse_sends;  // what send() throws, if set
    std::weak_ptr<Record> peer;                  // the other end of a pair
    FakeScheduler* scheduler = nullptr;
    int answers_before = 0;  // answers its connection had made when it was created

    // The browser's events, delivered now.
    void open() {
      state = State::kOpen;
      if (handlers.on_open) handlers.on_open();
    }
    void close() {
      if (state == State::kClosed) return;
      state = State::kClosed;
      buffered = 0;
      if (handlers.on_close) handlers.on_close();
    }
    // Delivered before our own "open" event too, as the browser may.
    void receive_text(const std::string& text) {
      if (state != State::kClosed && handlers.on_text) handlers.on_text(text);
    }
    void receive_binary(std::string data) {
      if (state != State::kClosed && handlers.on_binary)
        handlers.on_binary(bytes_of(std::move(data)));
    }
    // The network took `bytes` of the buffer; "bufferedamountlow" as the browser fires it.
    void drain(std::size_t bytes) {
      const std::size_t before = buffered;
      buffered -= std::min(bytes, buffered);
      if (before > low_threshold && buffered <= low_threshold && handlers.on_buffered_amount_low)
        handlers.on_buffered_amount_low();
    }
  };

  explicit FakeDataChannel(std::shared_ptr<Record> record) : record_(std::move(record)) {}
  ~FakeDataChannel() override = default;

  void set_handlers(Handlers handlers) override { record_->handlers = std::move(handlers); }

  std::optional<ports::Failure> send_text(const std::string& text) override {
    if (auto failure = refusal()) return failure;
    record_->texts.push_back(text);
    record_->buffered += text.size();
    forward([text](Record& peer) { peer.receive_text(text); });
    return std::nullopt;
  }
  std::optional<ports::Failure> send_binary(const std::string& head,
                                            const ports::BytesRef& body) override {
    if (auto failure = refusal()) return failure;
    std::string message = head + data_of(body);
    record_->buffered += message.size();
    record_->binaries.push_back(message);
    forward([message](Record& peer) { peer.receive_binary(message); });
    return std::nullopt;
  }
  std::size_t buffered_amount() const override { return record_->buffered; }
  void set_buffered_amount_low_threshold(std::size_t bytes) override {
    record_->low_threshold = bytes;
  }
  State ready_state() const override { return record_->state; }
  void close() override {
    if (record_->state == State::kClosed || record_->state == State::kClosing) return;
    record_->state = State::kClosing;
    // Both ends see the close later, as after the SCTP stream reset.
    later(record_, [](Record& self) { self.close(); });
    forward([](Record& peer) { peer.close(); });
  }

 private:
  std::optional<ports::Failure> refusal() const {
    if (record_->refuse_sends) return record_->refuse_sends;
    if (record_->state != State::kOpen)
      return ports::Failure{"InvalidStateError", "RTCDataChannel.readyState is not 'open'"};
    return std::nullopt;
  }
  template <typename Work>
  void forward(Work work) {
    if (auto peer = record_->peer.lock()) later(peer, std::move(work));
  }
  template <typename Work>
  void later(const std::shared_ptr<Record>& target, Work work) {
    if (!record_->scheduler) return;
    record_->scheduler->set_timeout(std::chrono::milliseconds(0),
                                    [weak = std::weak_ptr<Record>(target), work] {
                                      if (auto alive = weak.lock()) work(*alive);
                                    });
  }

  std::shared_ptr<Record> record_;
};

// Joins two channel records: what one end sends, the other receives.
inline void join(const std::shared_ptr<FakeDataChannel::Record>& a,
                 const std::shared_ptr<FakeDataChannel::Record>& b) {
  a->peer = b;
  b->peer = a;
}

}  // namespace parley::fakes
