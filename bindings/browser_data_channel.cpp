#include "bindings/browser_data_channel.h"

#include "bindings/js_string.h"

namespace parley::bindings {
using emscripten::val;

namespace {

std::optional<ports::Failure> failure_or_none(const val& thrown) {
  if (thrown.isNull() || thrown.isUndefined()) return std::nullopt;
  return failure_of(thrown);
}

}  // namespace

// [SECTION] Bytes

JsBytes::JsBytes(val array)
    : array_(array.instanceof (val::global("ArrayBuffer")) ? val::global("Uint8Array").new_(array)
                                                           : std::move(array)),
      size_(array_["byteLength"].as<std::size_t>()) {}

std::string JsBytes::copy(std::size_t begin, std::size_t end) const {
  end = std::min(end, size_);
  begin = std::min(begin, end);
  std::string out(end - begin, '\0');
  if (out.empty()) return out;
  val(emscripten::typed_memory_view(out.size(), reinterpret_cast<unsigned char*>(out.data())))
      .call<void>("set", array_.call<val>("subarray", begin, end));
  return out;
}

ports::BytesRef JsBytes::slice(std::size_t begin, std::size_t end) const {
  end = std::min(end, size_);
  begin = std::min(begin, end);
  return std::make_shared<JsBytes>(array_.call<val>("subarray", begin, end));  // no copy
}

const val& js_array_of(const ports::Bytes& bytes) {
  return static_cast<const JsBytes&>(bytes).array();
}

// [SECTION] Channel

BrowserDataChannel::BrowserDataChannel(val channel)
    : channel_(std::move(channel)),
      on_open_([handlers = handlers_](val) {
        if (handlers->on_open) handlers->on_open();
      }),
      on_close_([handlers = handlers_](val) {
        if (handlers->on_close) handlers->on_close();
      }),
      on_message_([handlers = handlers_](val event) {
        const val data = event["data"];
        if (data.isString()) {
          if (handlers->on_text) handlers->on_text(utf8_of(data));
        } else if (handlers->on_binary) {
          handlers->on_binary(std::make_shared<JsBytes>(data));
        }
      }),
      on_buffered_amount_low_([handlers = handlers_](val) {
        if (handlers->on_buffered_amount_low) handlers->on_buffered_amount_low();
      }) {
  channel_.set("onopen", on_open_.function());
  channel_.set("onclose", on_close_.function());
  channel_.set("onmessage", on_message_.function());
  channel_.set("onbufferedamountlow", on_buffered_amount_low_.function());
}

BrowserDataChannel::~BrowserDataChannel() {
  close();
  detach();
}

void BrowserDataChannel::set_handlers(Handlers handlers) {
  *handlers_ = std::move(handlers);
}

std::optional<ports::Failure> BrowserDataChannel::send_text(const std::string& text) {
  return failure_or_none(val::module_property("trySend")(channel_, text));
}

std::optional<ports::Failure> BrowserDataChannel::send_binary(const std::string& head,
                                                              const ports::BytesRef& body) {
  const val head_view = val(emscripten::typed_memory_view(
      head.size(), reinterpret_cast<const unsigned char*>(head.data())));
  return failure_or_none(
      val::module_property("trySendJoined")(channel_, head_view, js_array_of(*body)));
}

std::size_t BrowserDataChannel::buffered_amount() const {
  return channel_["bufferedAmount"].as<std::size_t>();
}

void BrowserDataChannel::set_buffered_amount_low_threshold(std::size_t bytes) {
  channel_.set("bufferedAmountLowThreshold", bytes);
}

ports::DataChannel::State BrowserDataChannel::ready_state() const {
  const std::string state = string_or(channel_["readyState"]);
  if (state == "open") return State::kOpen;
  if (state == "closing") return State::kClosing;
  if (state == "closed") return State::kClosed;
  return State::kConnecting;
}

void BrowserDataChannel::detach() {
  for (const char* handler : {"onopen", "onclose", "onmessage", "onbufferedamountlow"})
    channel_.set(handler, val::null());
}

void BrowserDataChannel::close() {
  // Closing is ours to do once; a close we asked for while alive still reports
  // on_close (ChannelLink::cut relies on it), so handlers stay until destruction.
  const std::string state = string_or(channel_["readyState"]);
  if (state != "closing" && state != "closed") channel_.call<void>("close");
}

std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> BrowserDataChannel::create(
    val pc, const ports::DataChannelInit& init) {
  const val result = val::module_property("tryCreateDataChannel")(pc, init.label, init.id);
  if (!result["error"].isUndefined()) return failure_of(result["error"]);
  return std::make_unique<BrowserDataChannel>(result["channel"]);
}

}  // namespace parley::bindings
