#include "server/listener.h"

#include "server/http_session.h"
#include "server/log.h"

namespace parley::server {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& io, const tcp::endpoint& endpoint,
                   std::shared_ptr<const ServerOptions> options, SignalingHub& hub,
                   std::shared_ptr<asio::ssl::context> tls)
    : io_(io), acceptor_(io), options_(std::move(options)), hub_(hub), tls_(std::move(tls)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Listener::start() {
  accept();
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::accept() {
  // One I/O thread runs everything, so sessions need no strands.
  acceptor_.async_accept(
      [self = shared_from_this()](boost::system::error_code error, tcp::socket socket) {
        if (error == asio::error::operation_aborted) return;  // stop() closed the acceptor
        if (error) {
          // EMFILE and friends: report and keep accepting; the next accept may succeed.
          log_event(LogLevel::kWarning, "accept-failed", {{"error", error.message()}});
        } else {
          // Signaling frames are small and latency-bound: send each at once instead of
          // letting Nagle's algorithm hold it back for the previous segment's ACK.
          boost::system::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          if (self->tls_) {
            std::make_shared<HttpSession<TlsStream>>(
                TlsStream(PlainStream(std::move(socket)), *self->tls_), self->options_, self->hub_)
                ->run();
          } else {
            std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)),
                                                       self->options_, self->hub_)
                ->run();
          }
        }
        self->accept();
      });
}

}  // namespace parley::server
