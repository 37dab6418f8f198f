#include "http_get.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace parley::server::testing {
namespace http = boost::beast::http;

struct HttpConnection::Stream {
  boost::asio::io_context io;
  boost::beast::tcp_stream stream{io};
  boost::beast::flat_buffer buffer;
};

HttpConnection::HttpConnection(std::uint16_t port) : stream_(std::make_unique<Stream>()) {
  stream_->stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
}

HttpConnection::~HttpConnection() = default;

HttpConnection::Response HttpConnection::get(const std::string& target) {
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(stream_->stream, request);
  Response response;
  http::read(stream_->stream, stream_->buffer, response);
  return response;
}

HttpConnection::Response http_get(std::uint16_t port, const std::string& target) {
  return HttpConnection(port).get(target);
}

long long metric_value(std::uint16_t port, const std::string& series) {
  const std::string page = http_get(port, "/metrics").body();
  const std::string line = "\n" + series + " ";
  const auto at = page.find(line);
  return at == std::string::npos ? -1 : std::stoll(page.substr(at + line.size()));
}

}  // namespace parley::server::testing
