// Signaling sockets the test controls: it opens them, delivers server frames, reads what
// the client sent, and closes them.
//
//   FakeSignalingNetwork network;
//   SignalingClient client(options, network.factory(), ...);
//   network.last().open();
//   network.last().deliver(R"({"type":"welcome",...})");
//   EXPECT_EQ(network.last().sent_json(0)["type"], "join");
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/ports/signaling_socket.h"

namespace parley::fakes {

class FakeSignalingSocket final : public ports::SignalingSocket {
 public:
  struct Record {
    std::string url;
    Handlers handlers;
    std::vector<std::string> sent;
    bool open = false;
    bool closed_by_client = false;
    bool closed_to_resume = false;  // with protocol::kResumingCloseCode
    bool destroyed = false;

    // Server side: the connection opens, a frame arrives, the connection ends.
    void open_now() {
      open = true;
      if (!closed_by_client && handlers.on_open) handlers.on_open();
    }
    void deliver(const std::string& text) {
      if (!closed_by_client && handlers.on_message) handlers.on_message(text);
    }
    void drop(std::uint16_t code = 1006) {
      open = false;
      if (!closed_by_client && handlers.on_close) handlers.on_close(code, "");
    }
    nlohmann::json sent_json(std::size_t i) const { return nlohmann::json::parse(sent.at(i)); }
  };

  explicit FakeSignalingSocket(std::shared_ptr<Record> record) : record_(std::move(record)) {}
  ~FakeSignalingSocket() override { record_->destroyed = true; }

  bool send(std::string_view text) override {
    if (!record_->open || record_->closed_by_client) return false;
    record_->sent.emplace_back(text);
    return true;
  }
  void close() override {
    record_->closed_by_client = true;
    record_->open = false;
  }
  void close_to_resume() override {
    close();
    record_->closed_to_resume = true;
  }

 private:
  std::shared_ptr<Record> record_;
};

class FakeSignalingNetwork {
 public:
  ports::SignalingSocketFactory factory() {
    return [this](const std::string& url, ports::SignalingSocket::Handlers handlers) {
      auto record = std::make_shared<FakeSignalingSocket::Record>();
      record->url = url;
      record->handlers = std::move(handlers);
      sockets.push_back(record);
      return std::make_unique<FakeSignalingSocket>(record);
    };
  }
  FakeSignalingSocket::Record& last() { return *sockets.back(); }

  std::vector<std::shared_ptr<FakeSignalingSocket::Record>> sockets;
};

}  // namespace parley::fakes
