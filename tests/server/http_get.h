// Blocking HTTP GETs against a test server, on one keep-alive connection or one-off.
// Beast's HTTP reader and writer are instantiated once, in http_get.cpp.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <string>

namespace parley::server::testing {

class HttpConnection {
 public:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  explicit HttpConnection(std::uint16_t port);
  ~HttpConnection();

  Response get(const std::string& target);

 private:
  struct Stream;
  std::unique_ptr<Stream> stream_;
};

HttpConnection::Response http_get(std::uint16_t port, const std::string& target);

// One sample of the server's /metrics page (`series` with its labels), or -1 if absent.
long long metric_value(std::uint16_t port, const std::string& series);

}  // namespace parley::server::testing
