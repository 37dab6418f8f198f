// ports::SignalingSocket over the browser's WebSocket.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <memory>

#include "bindings/js_function.h"
#include "core/ports/signaling_socket.h"

namespace parley::bindings {

class BrowserSignalingSocket final : public ports::SignalingSocket {
 public:
  BrowserSignalingSocket(const std::string& url, Handlers handlers);
  ~BrowserSignalingSocket() override;

  bool send(std::string_view text) override;
  void close() override;
  void close_to_resume() override;

  static ports::SignalingSocketFactory factory();

 private:
  void close_with(std::uint16_t code);
  // What the browser's handlers reach: it outlives this object while a handler runs.
  struct Shared {
    Handlers handlers;
    bool closed = false;
  };

  std::shared_ptr<Shared> shared_;
  emscripten::val socket_;
  JsFunction on_open_;
  JsFunction on_message_;
  JsFunction on_close_;
};

}  // namespace parley::bindings
