#include "bindings/browser_signaling_socket.h"

#include "bindings/js_string.h"
#include "core/protocol/client_message.h"

namespace parley::bindings {
using emscripten::val;

namespace {
constexpr int kOpen = 1;  // WebSocket.OPEN
}

BrowserSignalingSocket::BrowserSignalingSocket(const std::string& url, Handlers handlers)
    : shared_(std::make_shared<Shared>(Shared{std::move(handlers), false})),
      socket_(val::module_property("tryNew")(val::global("WebSocket"), url)),
      on_open_([shared = shared_](val) {
        if (shared->closed) return;
        const auto handler = shared->handlers.on_open;  // a copy: the socket may go meanwhile
        if (handler) handler();
      }),
      on_message_([shared = shared_](val event) {
        if (shared->closed) return;
        const val data = event["data"];
        if (!data.isString()) return;  // the server sends only text
        const auto handler = shared->handlers.on_message;
        if (handler) handler(utf8_of(data));
      }),
      on_close_([shared = shared_](val event) {
        if (shared->closed) return;
        shared->closed = true;
        const auto handler = shared->handlers.on_close;
        if (handler)
          handler(static_cast<std::uint16_t>(event["code"].as<int>()), string_or(event["reason"]));
      }) {
  if (socket_.isNull()) {
    // Not even a WebSocket (a malformed URL): report it like a failed connection.
    later([shared = shared_] {
      if (shared->closed) return;
      shared->closed = true;
      if (shared->handlers.on_close) shared->handlers.on_close(1006, "invalid signaling URL");
    });
    return;
  }
  socket_.set("onopen", on_open_.function());
  socket_.set("onmessage", on_message_.function());
  socket_.set("onclose", on_close_.function());  // an error is always followed by close
}

BrowserSignalingSocket::~BrowserSignalingSocket() {
  close();
}

bool BrowserSignalingSocket::send(std::string_view text) {
  if (shared_->closed || socket_.isNull() || socket_["readyState"].as<int>() != kOpen) return false;
  socket_.call<void>("send", std::string(text));
  return true;
}

void BrowserSignalingSocket::close() {
  close_with(1000);
}

void BrowserSignalingSocket::close_to_resume() {
  close_with(protocol::kResumingCloseCode);
}

void BrowserSignalingSocket::close_with(std::uint16_t code) {
  if (shared_->closed && socket_.isNull()) return;
  shared_->closed = true;
  if (!socket_.isNull()) {
    socket_.set("onopen", val::null());
    socket_.set("onmessage", val::null());
    socket_.set("onclose", val::null());
    socket_.call<void>("close", code);
    socket_ = val::null();
  }
}

ports::SignalingSocketFactory BrowserSignalingSocket::factory() {
  return [](const std::string& url, Handlers handlers) {
    return std::make_unique<BrowserSignalingSocket>(url, std::move(handlers));
  };
}

}  // namespace parley::bindings
