#include "load_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <nlohmann/json.hpp>

namespace parley::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

LoadClient::LoadClient(asio::io_context& io, std::string peer_id, std::string room)
    : ws_(io), peer_id_(std::move(peer_id)), room_(std::move(room)) {}

void LoadClient::start(const std::string& host, unsigned short port, ReadyHandler ready,
                       FrameHandler on_frame) {
  on_frame_ = std::move(on_frame);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(host), port);
  beast::get_lowest_layer(ws_).async_connect(
      endpoint, [self = shared_from_this(), host, ready](beast::error_code error) {
        if (error) return ready(false);
        beast::get_lowest_layer(self->ws_).socket().set_option(asio::ip::tcp::no_delay(true));
        self->ws_.async_handshake(host, "/", [self, ready](beast::error_code handshake_error) {
          if (handshake_error) return ready(false);
          self->open_ = true;
          self->ws_.text(true);
          self->send(
              nlohmann::json({{"type", "join"}, {"room", self->room_}, {"peerId", self->peer_id_}})
                  .dump());
          self->read();
          ready(true);
        });
      });
}

void LoadClient::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code error, std::size_t) {
    if (error) {
      self->open_ = false;
      return;
    }
    const auto data = self->buffer_.cdata();
    self->on_frame_(std::string_view(static_cast<const char*>(data.data()), data.size()));
    self->buffer_.consume(self->buffer_.size());
    self->read();
  });
}

void LoadClient::send(std::string frame) {
  if (!open_) return;
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) write_next();
}

void LoadClient::write_next() {
  ws_.async_write(asio::buffer(queue_.front()),
                  [self = shared_from_this()](beast::error_code error, std::size_t) {
                    if (error) {
                      self->open_ = false;
                      self->queue_.clear();
                      return;
                    }
                    self->queue_.pop_front();
                    if (!self->queue_.empty()) self->write_next();
                  });
}

void LoadClient::close() {
  if (!open_) return;
  open_ = false;
  ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {});
}

}  // namespace parley::bench
