// ports::DataChannel over the browser's RTCDataChannel, and ports::Bytes over a
// Uint8Array: binary messages stay in JavaScript memory, only headers are copied in.
#pragma once

#include <emscripten/val.h>

#include <memory>

#include "bindings/js_function.h"
#include "core/ports/data_channel.h"

namespace parley::bindings {

class JsBytes final : public ports::Bytes {
 public:
  explicit JsBytes(emscripten::val array);  // a Uint8Array (or an ArrayBuffer)
  std::size_t size() const override { return size_; }
  std::string copy(std::size_t begin, std::size_t end) const override;
  ports::BytesRef slice(std::size_t begin, std::size_t end) const override;
  const emscripten::val& array() const { return array_; }

 private:
  emscripten::val array_;
  std::size_t size_;
};

// The Uint8Array behind a Bytes that bindings made (every Bytes in the browser is one).
const emscripten::val& js_array_of(const ports::Bytes& bytes);

class BrowserDataChannel final : public ports::DataChannel {
 public:
  explicit BrowserDataChannel(emscripten::val channel);
  ~BrowserDataChannel() override;

  void set_handlers(Handlers handlers) override;
  std::optional<ports::Failure> send_text(const std::string& text) override;
  std::optional<ports::Failure> send_binary(const std::string& head,
                                            const ports::BytesRef& body) override;
  std::size_t buffered_amount() const override;
  void set_buffered_amount_low_threshold(std::size_t bytes) override;
  State ready_state() const override;
  void close() override;

  // pc.createDataChannel(init.label, {negotiated: true, id: init.id}).
  static std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> create(
      emscripten::val pc, const ports::DataChannelInit& init);

 private:
  void detach();

  emscripten::val channel_;
  std::shared_ptr<Handlers> handlers_ = std::make_shared<Handlers>();
  JsFunction on_open_;
  JsFunction on_close_;
  JsFunction on_message_;
  JsFunction on_buffered_amount_low_;
};

}  // namespace parley::bindings
