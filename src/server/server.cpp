#include "server/server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "server/listener.h"
#include "server/log.h"

namespace parley::server {
namespace asio = boost::asio;

Server::Server(ServerOptions options)
    : options_(std::make_shared<const ServerOptions>(std::move(options))) {
  const auto address = asio::ip::make_address(options_->host);
  listener_ =
      std::make_shared<Listener>(io_, asio::ip::tcp::endpoint(address, options_->port), options_);
}

Server::~Server() = default;

std::uint16_t Server::port() const {
  return listener_->local_endpoint().port();
}

std::string Server::url() const {
  const auto endpoint = listener_->local_endpoint();
  const std::string host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                      : endpoint.address().to_string();
  return "http://" + host + ":" + std::to_string(endpoint.port()) + "/";
}

void Server::run(bool stop_on_signals) {
  asio::signal_set signals(io_);
  if (stop_on_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](const boost::system::error_code& error, int signal) {
      if (error) return;
      log_event(LogLevel::kInfo, "stopping", {{"signal", signal}});
      stop();
    });
  }
  listener_->start();
  log_event(LogLevel::kInfo, "listening",
            {{"url", url()}, {"web_root", options_->web_root.string()}});
  io_.run();
}

void Server::stop() {
  listener_->stop();
  io_.stop();
}

}  // namespace parley::server
