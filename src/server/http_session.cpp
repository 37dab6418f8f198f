#include "server/http_session.h"

#include <algorithm>
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

#include "server/access/allowed_hosts.h"
#include "server/access/allowed_origins.h"
#include "server/access/crypto.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/security_headers.h"
#include "server/static_files.h"
#include "server/websocket_handshake.h"
#include "server/websocket_session.h"

namespace parley::server {
namespace beast = boost::beast;
namespace http = beast::http;

// What every response depends on besides its request.
struct ResponseContext {
  const ServerOptions& options;
  const SignalingHub& hub;
  const ConnectionSlots& slots;
  HttpRole role;
  bool tls;
};

namespace {

constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;
// How long writing one response may take (the app's 1 MB of wasm at 150 kB/s or more).
constexpr auto kResponseTimeout = std::chrono::seconds(60);

using Request = http::request<http::empty_body>;

template <class Body>
void set_common_headers(http::response<Body>& response, const Request& request,
                        const ResponseContext& context) {
  response.set(http::field::server, "parley-server");
  response.set(http::field::cache_control, "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  // The room is in the page's URL: no link or subresource may carry it elsewhere.
  response.set("Referrer-Policy", "no-referrer");
  if (context.tls) response.set("Strict-Transport-Security", "max-age=31536000");
  response.keep_alive(request.keep_alive());
}

constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

http::message_generator text_response(const Request& request, const ResponseContext& context,
                                      http::status status, std::string_view text,
                                      std::string_view content_type = "text/plain; charset=utf-8") {
  http::response<http::string_body> response{status, request.version()};
  set_common_headers(response, request, context);
  response.set(http::field::content_type, content_type);
  if (status == http::status::method_not_allowed) response.set(http::field::allow, "GET, HEAD");
  if (status == http::status::upgrade_required)
    response.set(http::field::sec_websocket_version, "13");
  if (status == http::status::unauthorized) response.set(http::field::www_authenticate, "Bearer");
  response.body() = text;
  response.prepare_payload();
  if (request.method() == http::verb::head) response.body().clear();
  return response;
}

http::message_generator file_response(const Request& request, const ResponseContext& context) {
  const auto file = resolve_static_file(context.options.web_root, request.target());
  if (!file) return text_response(request, context, http::status::not_found, "Not found\n");

  http::file_body::value_type body;
  beast::error_code error;
  body.open(file->c_str(), beast::file_mode::scan, error);
  if (error) return text_response(request, context, http::status::not_found, "Not found\n");

  const auto size = body.size();
  http::response<http::file_body> response{std::piecewise_construct,
                                           std::make_tuple(std::move(body)),
                                           std::make_tuple(http::status::ok, request.version())};
  set_common_headers(response, request, context);
  const std::string_view type = mime_type_for(*file);
  response.set(http::field::content_type, type);
  if (type.starts_with("text/html")) {
    response.set("Content-Security-Policy",
                 content_security_policy(context.options.frame_ancestors));
  }
  response.content_length(size);
  if (request.method() == http::verb::head) {
    // Same headers as GET, no body.
    http::response<http::empty_body> head{http::status::ok, request.version()};
    head.base() = response.base();
    return head;
  }
  return response;
}

std::optional<std::string_view> header(const Request& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::nullopt : std::optional<std::string_view>(found->value());
}

bool upgrade_origin_allowed(const Request& request, const ServerOptions& options) {
  return is_origin_allowed(options.allowed_origins, header(request, http::field::origin),
                           header(request, http::field::host));
}

// --metrics-token: the scraper must say "Authorization: Bearer <token>".
bool metrics_authorized(const Request& request, const ServerOptions& options) {
  if (!options.metrics_token) return true;
  const auto given = header(request, http::field::authorization);
  const std::string expected = "Bearer " + *options.metrics_token;
  return given && equal_in_constant_time(*given, expected);
}

http::message_generator respond(const Request& request, const ResponseContext& context) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return text_response(request, context, http::status::method_not_allowed, "Only GET and HEAD\n");
  }
  const auto target = request.target();
  if (target == "/healthz") return text_response(request, context, http::status::ok, "ok\n");
  if (target == "/readyz") {
    if (!context.hub.ready()) {
      return text_response(request, context, http::status::service_unavailable, "shutting down\n");
    }
    // Still worth sending clients to: its members keep talking to each other, and no other
    // instance can do better while Redis is away.
    const auto cluster = context.hub.cluster_figures();
    if (cluster && !cluster->connected) {
      return text_response(request, context, http::status::ok,
                           "degraded: Redis is unreachable; new joins are refused (unavailable) "
                           "and frames to other instances are dropped\n");
    }
    return text_response(request, context, http::status::ok, "ready\n");
  }
  // With --metrics-listen, metrics are served there and nowhere else.
  const bool metrics_here =
      context.role == HttpRole::kMetrics || !context.options.metrics_listen.has_value();
  if (target == "/metrics" && metrics_here) {
    if (!metrics_authorized(request, context.options)) {
      return text_response(request, context, http::status::unauthorized,
                           "/metrics needs the bearer token of --metrics-token\n");
    }
    MetricGauges gauges = context.hub.gauges();
    gauges.tcp_connections = context.slots.in_use();
    return text_response(request, context, http::status::ok,
                         render_prometheus(context.hub.metrics(), gauges), kPrometheusContentType);
  }
  if (context.role == HttpRole::kMetrics) {
    return text_response(request, context, http::status::not_found, "Not found\n");
  }
  return file_response(request, context);
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, std::shared_ptr<const ServerOptions> options,
                                 SignalingHub& hub, const ConnectionSlots& slots,
                                 ConnectionSlot slot, HttpRole role)
    : stream_(std::move(stream)),
      options_(std::move(options)),
      hub_(hub),
      slots_(slots),
      slot_(std::move(slot)),
      role_(role) {}

template <class Stream>
ResponseContext HttpSession<Stream>::context() const {
  return {*options_, hub_, slots_, role_, kIsTls<Stream>};
}

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
  // The address this connection came in on decides which names are ours.
  const std::string& listen_address =
      role_ == HttpRole::kMetrics ? options_->metrics_listen->host : options_->host;
  if (!host_check_for(listen_address, options_->allowed_hosts)
           .allows(header(parser_->get(), http::field::host))) {
    // Another site's name pointed at this server (DNS rebinding), or a client that
    // does not know where it is: either way, not ours to answer.
    log_event(LogLevel::kWarning, "host-refused",
              {{"host", log_excerpt(parser_->get()[http::field::host])}});
    const Request request = parser_->release();
    return refuse(request, http::status::misdirected_request,
                  "This server does not answer to that host name\n");
  }
  if (beast::websocket::is_upgrade(parser_->get())) {
    if (role_ == HttpRole::kMetrics) {
      const Request request = parser_->release();
      return refuse(request, http::status::not_found, "No signaling here\n");
    }
    return upgrade();
  }
  const Request request = parser_->release();
  const bool keep_alive = request.keep_alive();
  // A fresh deadline for the response: the request's is nearly spent on a kept-alive
  // connection that waited, and the app's wasm takes a while over a slow link.
  beast::get_lowest_layer(stream_).expires_after(
      std::max<std::chrono::steady_clock::duration>(options_->request_timeout, kResponseTimeout));
  beast::async_write(
      stream_, respond(request, context()),
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::upgrade() {
  const Request request = parser_->release();
  if (!upgrade_origin_allowed(request, *options_)) {
    log_event(LogLevel::kWarning, "origin-refused",
              {{"origin", log_excerpt(request[http::field::origin])}});
    return refuse(request, http::status::forbidden, "This page's origin may not use this server\n");
  }
  auto answer = answer_upgrade(request);
  if (const auto* refused = std::get_if<UpgradeRefused>(&answer)) {
    return refuse(request, refused->status, refused->reason);
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
void HttpSession<Stream>::refuse(const Request& request, http::status status,
                                 std::string_view reason) {
  auto response = text_response(request, context(), status, reason);
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
