#include "server/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>

#include "server/access/allowed_origins.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/static_files.h"
#include "server/websocket_handshake.h"
#include "server/websocket_session.h"

namespace parley::server {
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;

using Request = http::request<http::empty_body>;

template <class Body>
void set_common_headers(http::response<Body>& response, const Request& request) {
  response.set(http::field::server, "parley-server");
  response.set(http::field::cache_control, "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  response.keep_alive(request.keep_alive());
}

constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

http::message_generator text_response(const Request& request, http::status status,
                                      std::string_view text,
                                      std::string_view content_type = "text/plain; charset=utf-8") {
  http::response<http::string_body> response{status, request.version()};
  set_common_headers(response, request);
  response.set(http::field::content_type, content_type);
  if (status == http::status::method_not_allowed) response.set(http::field::allow, "GET, HEAD");
  if (status == http::status::upgrade_required)
    response.set(http::field::sec_websocket_version, "13");
  response.body() = text;
  response.prepare_payload();
  if (request.method() == http::verb::head) response.body().clear();
  return response;
}

http::message_generator file_response(const Request& request, const ServerOptions& options) {
  const auto file = resolve_static_file(options.web_root, request.target());
  if (!file) return text_response(request, http::status::not_found, "Not found\n");

  http::file_body::value_type body;
  beast::error_code error;
  body.open(file->c_str(), beast::file_mode::scan, error);
  if (error) return text_response(request, http::status::not_found, "Not found\n");

  const auto size = body.size();
  http::response<http::file_body> response{std::piecewise_construct,
                                           std::make_tuple(std::move(body)),
                                           std::make_tuple(http::status::ok, request.version())};
  set_common_headers(response, request);
  response.set(http::field::content_type, mime_type_for(*file));
  response.content_length(size);
  if (request.method() == http::verb::head) {
    // Same headers as GET, no body.
    http::response<http::empty_body> head{http::status::ok, request.version()};
    head.base() = response.base();
    return head;
  }
  return response;
}

bool upgrade_origin_allowed(const Request& request, const ServerOptions& options) {
  const auto origin = request.find(http::field::origin);
  return is_origin_allowed(
      options.allowed_origins,
      origin == request.end() ? std::nullopt : std::optional<std::string_view>(origin->value()));
}

http::message_generator respond(const Request& request, const ServerOptions& options,
                                const SignalingHub& hub, const ConnectionSlots& slots) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return text_response(request, http::status::method_not_allowed, "Only GET and HEAD\n");
  }
  const auto target = request.target();
  if (target == "/healthz") return text_response(request, http::status::ok, "ok\n");
  if (target == "/readyz") {
    return hub.ready()
               ? text_response(request, http::status::ok, "ready\n")
               : text_response(request, http::status::service_unavailable, "shutting down\n");
  }
  if (target == "/metrics") {
    MetricGauges gauges = hub.gauges();
    gauges.tcp_connections = slots.in_use();
    return text_response(request, http::status::ok, render_prometheus(hub.metrics(), gauges),
                         kPrometheusContentType);
  }
  return file_response(request, options);
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, std::shared_ptr<const ServerOptions> options,
                                 SignalingHub& hub, const ConnectionSlots& slots,
                                 ConnectionSlot slot)
    : stream_(std::move(stream)),
      options_(std::move(options)),
      hub_(hub),
      slots_(slots),
      slot_(std::move(slot)) {}

template <class Stream>
void HttpSession<Stream>::run() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if constexpr (kIsTls<Stream>) {
      beast::get_lowest_layer(self->stream_).expires_after(self->options_->request_timeout);
      self->stream_.async_handshake(boost::asio::ssl::stream_base::server,
                                    beast::bind_front_handler(&HttpSession::on_handshake, self));
    } else {
      self->read_request();
    }
  });
}

template <class Stream>
void HttpSession<Stream>::on_handshake(beast::error_code error) {
  if (error) return;  // not TLS, or a failed handshake: drop the connection
  read_request();
}

template <class Stream>
void HttpSession<Stream>::read_request() {
  parser_.emplace();
  parser_->header_limit(kMaxHeaderBytes);
  beast::get_lowest_layer(stream_).expires_after(options_->request_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code error, std::size_t) {
  if (error == http::error::end_of_stream) return close();
  if (error) return;  // timeout, reset or malformed request: drop the connection
  if (beast::websocket::is_upgrade(parser_->get())) return upgrade();
  const Request request = parser_->release();
  const bool keep_alive = request.keep_alive();
  beast::async_write(
      stream_, respond(request, *options_, hub_, slots_),
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::upgrade() {
  const Request request = parser_->release();
  if (!upgrade_origin_allowed(request, *options_)) {
    log_event(LogLevel::kWarning, "origin-refused",
              {{"origin", log_excerpt(request[http::field::origin])}});
    return refuse_upgrade(request, http::status::forbidden,
                          "This page's origin may not use this server\n");
  }
  auto answer = answer_upgrade(request);
  if (const auto* refused = std::get_if<UpgradeRefused>(&answer)) {
    return refuse_upgrade(request, refused->status, refused->reason);
  }
  // Bytes read past the request are the client's first frames.
  const auto early = buffer_.cdata();
  std::string early_bytes(static_cast<const char*>(early.data()), early.size());
  const WebSocketLimits limits{options_->max_message_bytes, options_->write_queue_bytes,
                               options_->idle_timeout};
  if constexpr (kIsTls<Stream>) {
    beast::get_lowest_layer(stream_).expires_never();  // the session's keep_alive takes over
    std::make_shared<WebSocketSession<TlsStream>>(std::move(stream_), hub_, limits,
                                                  std::move(slot_))
        ->start(std::move(std::get<UpgradeAccepted>(answer).response), std::move(early_bytes));
  } else {
    std::make_shared<WebSocketSession<PlainSocket>>(stream_.release_socket(), hub_, limits,
                                                    std::move(slot_))
        ->start(std::move(std::get<UpgradeAccepted>(answer).response), std::move(early_bytes));
  }
}

template <class Stream>
void HttpSession<Stream>::refuse_upgrade(const Request& request, http::status status,
                                         std::string_view reason) {
  auto response = text_response(request, status, reason);
  beast::async_write(stream_, std::move(response),
                     beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), false));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code error, std::size_t) {
  if (error) return;
  if (!keep_alive) return close();
  read_request();
}

template <class Stream>
void HttpSession<Stream>::close() {
  if constexpr (kIsTls<Stream>) {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  } else {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  }
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace parley::server
