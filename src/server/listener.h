// Accepts TCP connections and hands each to a new HttpSession, over TLS when the server
// has a TLS context.
//
// - Each connection must get a slot (connection_slots.h); one refused for the total or
//   for its address is answered at once (plain HTTP: 503 or 429 with a short text; TLS:
//   closed) and let go, so refusing costs no descriptor for longer than the accept.
// - Out of file descriptors (EMFILE, ENFILE): the listener closes a spare descriptor it
//   keeps for this, accepts the waiting connection and closes it (its client learns at
//   once instead of waiting in the backlog), then pauses accepting briefly instead of
//   spinning on the same error; logging of it is rate-limited like all logging.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "server/connection_slots.h"
#include "server/http_session.h"
#include "server/server_options.h"
#include "server/signaling_hub.h"

namespace parley::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws boost::system::system_error (e.g. address in use).
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           std::shared_ptr<const ServerOptions> options, SignalingHub& hub, ConnectionSlots& slots,
           std::shared_ptr<boost::asio::ssl::context> tls, HttpRole role = HttpRole::kApp);
  ~Listener();

  void start();
  void stop();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void accept();
  void on_accept_failed(const boost::system::error_code& error);
  void admit(boost::asio::ip::tcp::socket socket);
  void refuse(boost::asio::ip::tcp::socket socket, SlotRefusal refusal);
  void shed_one_waiting_connection();
  void pause_accepting();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_pause_;
  std::shared_ptr<const ServerOptions> options_;
  SignalingHub& hub_;
  ConnectionSlots& slots_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // null: plain HTTP
  HttpRole role_;
  int spare_descriptor_ = -1;  // given up to shed a connection
};

}  // namespace parley::server
