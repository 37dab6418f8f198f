#include "server/listener.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "server/http_session.h"
#include "server/log.h"

namespace parley::server {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Long enough not to spin, short enough that service is back well within a second of
// descriptors being freed.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

int open_spare_descriptor() {
  return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

bool is_out_of_descriptors(const boost::system::error_code& error) {
  if (error.category() != boost::system::system_category()) return false;
  const int value = error.value();
  return value == EMFILE || value == ENFILE || value == ENOBUFS || value == ENOMEM;
}

std::string plain_response(std::string_view status, std::string_view body) {
  return "HTTP/1.1 " + std::string(status) +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 10\r\n"
         "Connection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

// Written without waiting, on a socket that is then closed: the client is told why at
// once, and the server holds nothing for it.
const std::string& refusal_response(SlotRefusal refusal) {
  static const std::string server_full = plain_response(
      "503 Service Unavailable", "server-full: this server has too many connections.\n");
  static const std::string address_full = plain_response(
      "429 Too Many Requests", "too-many-connections: your address has too many connections.\n");
  return refusal == SlotRefusal::kServerFull ? server_full : address_full;
}

}  // namespace

Listener::Listener(asio::io_context& io, const tcp::endpoint& endpoint,
                   std::shared_ptr<const ServerOptions> options, SignalingHub& hub,
                   ConnectionSlots& slots, std::shared_ptr<asio::ssl::context> tls, HttpRole role)
    : io_(io),
      acceptor_(io),
      accept_pause_(io),
      options_(std::move(options)),
      hub_(hub),
      slots_(slots),
      tls_(std::move(tls)),
      role_(role),
      spare_descriptor_(open_spare_descriptor()) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

Listener::~Listener() {
  if (spare_descriptor_ >= 0) ::close(spare_descriptor_);
}

void Listener::start() {
  accept();
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->accept_pause_.cancel();
  });
}

void Listener::accept() {
  // One I/O thread runs everything, so sessions need no strands.
  acceptor_.async_accept(
      [self = shared_from_this()](boost::system::error_code error, tcp::socket socket) {
        if (error == asio::error::operation_aborted) return;  // stop() closed the acceptor
        if (error) return self->on_accept_failed(error);
        self->admit(std::move(socket));
        self->accept();
      });
}

void Listener::on_accept_failed(const boost::system::error_code& error) {
  if (error == asio::error::connection_aborted) return accept();  // gone before accepted
  if (!is_out_of_descriptors(error)) {
    // Anything else may well fail again at once: pause rather than spin on it.
    log_event(LogLevel::kWarning, "accept-failed", {{"error", error.message()}});
    return pause_accepting();
  }
  hub_.metrics().accept_pauses.fetch_add(1, std::memory_order_relaxed);
  log_event(LogLevel::kWarning, "out-of-descriptors",
            {{"error", error.message()},
             {"connections", slots_.in_use()},
             {"pause_ms", kAcceptPause.count()}});
  shed_one_waiting_connection();
  pause_accepting();
}

void Listener::pause_accepting() {
  accept_pause_.expires_after(kAcceptPause);
  accept_pause_.async_wait([self = shared_from_this()](boost::system::error_code wait_error) {
    if (!wait_error && self->acceptor_.is_open()) self->accept();
  });
}

void Listener::shed_one_waiting_connection() {
  if (spare_descriptor_ >= 0) {
    ::close(spare_descriptor_);
    spare_descriptor_ = -1;
  }
  const int shed = ::accept4(acceptor_.native_handle(), nullptr, nullptr, SOCK_CLOEXEC);
  if (shed >= 0) {
    ::close(shed);
    hub_.metrics().connections_shed.fetch_add(1, std::memory_order_relaxed);
  }
  spare_descriptor_ = open_spare_descriptor();  // may fail until descriptors are freed
}

void Listener::admit(tcp::socket socket) {
  boost::system::error_code error;
  const auto remote = socket.remote_endpoint(error);
  if (error) return;  // already gone
  auto taken = slots_.acquire(remote.address());
  if (auto* refusal = std::get_if<SlotRefusal>(&taken)) return refuse(std::move(socket), *refusal);
  auto slot = std::move(std::get<ConnectionSlot>(taken));
  // Signaling frames are small and latency-bound: send each at once instead of letting
  // Nagle's algorithm hold it back for the previous segment's ACK.
  socket.set_option(tcp::no_delay(true), error);
  if (tls_) {
    std::make_shared<HttpSession<TlsStream>>(TlsStream(PlainStream(std::move(socket)), *tls_),
                                             options_, hub_, slots_, std::move(slot), role_)
        ->run();
  } else {
    std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), options_, hub_,
                                               slots_, std::move(slot), role_)
        ->run();
  }
}

void Listener::refuse(tcp::socket socket, SlotRefusal refusal) {
  auto& metrics = hub_.metrics();
  (refusal == SlotRefusal::kServerFull ? metrics.refused_server_full : metrics.refused_address_full)
      .fetch_add(1, std::memory_order_relaxed);
  log_event(LogLevel::kWarning, "connection-refused",
            {{"reason", refusal == SlotRefusal::kServerFull ? "server-full" : "address-full"},
             {"connections", slots_.in_use()}});
  boost::system::error_code ignored;
  if (!tls_) {
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(refusal_response(refusal)), ignored);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }
  socket.close(ignored);
}

}  // namespace parley::server
