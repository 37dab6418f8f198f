// Accepts TCP connections and hands each to a new HttpSession, over TLS when the server
// has a TLS context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "server/server_options.h"
#include "server/signaling_hub.h"

namespace parley::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws boost::system::system_error (e.g. address in use).
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           std::shared_ptr<const ServerOptions> options, SignalingHub& hub,
           std::shared_ptr<boost::asio::ssl::context> tls);

  void start();
  void stop();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<const ServerOptions> options_;
  SignalingHub& hub_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // null: plain HTTP
};

}  // namespace parley::server
