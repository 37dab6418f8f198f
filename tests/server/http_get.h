// Blocking HTTP GETs against a test server, on one keep-alive connection or one-off.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>

namespace parley::server::testing {

class HttpConnection {
 public:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  explicit HttpConnection(std::uint16_t port) : stream_(io_) {
    stream_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  Response get(const std::string& target) {
    namespace http = boost::beast::http;
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream_, request);
    Response response;
    http::read(stream_, buffer_, response);
    return response;
  }

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

inline HttpConnection::Response http_get(std::uint16_t port, const std::string& target) {
  return HttpConnection(port).get(target);
}

// One sample of the server's /metrics page (`series` with its labels), or -1 if absent.
inline long long metric_value(std::uint16_t port, const std::string& series) {
  const std::string page = http_get(port, "/metrics").body();
  const std::string line = "\n" + series + " ";
  const auto at = page.find(line);
  return at == std::string::npos ? -1 : std::stoll(page.substr(at + line.size()));
}

}  // namespace parley::server::testing
