// parley-server over real loopback sockets: a Server on a free port, Beast as the client.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "running_server.h"
#include "server/server.h"
#include "temp_web_root.h"

namespace parley::server {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Response = http::response<http::string_body>;

class HttpServer : public ::testing::Test {
 protected:
  HttpServer() {
    root.add("index.html", "<!doctype html><title>Parley</title>");
    root.add("index.wasm", std::string("\0asm\1\0\0\0", 8));
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.web_root = root.path();
    server.emplace(std::move(options));
  }

  tcp::socket connect() {
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), (*server)->port()));
    return socket;
  }

  Response request(tcp::socket& socket, http::verb method, std::string_view target) {
    http::request<http::empty_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request);
    beast::flat_buffer buffer;
    Response response;
    if (method == http::verb::head) {
      http::response_parser<http::string_body> parser;
      parser.skip(true);  // a HEAD response has Content-Length but no body
      http::read(socket, buffer, parser);
      return parser.release();
    }
    http::read(socket, buffer, response);
    return response;
  }

  Response request(http::verb method, std::string_view target) {
    tcp::socket socket = connect();
    return request(socket, method, target);
  }

  testing::TempWebRoot root;
  asio::io_context io;
  std::optional<testing::RunningServer> server;
};

TEST_F(HttpServer, ServesTheAppPageAtTheRoot) {
  const Response response = request(http::verb::get, "/");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(response.body(), "<!doctype html><title>Parley</title>");
}

TEST_F(HttpServer, ServesWasmWithItsMimeTypeAndExactBytes) {
  const Response response = request(http::verb::get, "/index.wasm");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_type], "application/wasm");
  EXPECT_EQ(response.body(), std::string("\0asm\1\0\0\0", 8));
}

TEST_F(HttpServer, HeadGivesTheLengthWithoutABody) {
  const Response response = request(http::verb::head, "/index.wasm");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_length], "8");
  EXPECT_EQ(response.body(), "");
}

TEST_F(HttpServer, HealthzAnswersOk) {
  const Response response = request(http::verb::get, "/healthz");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "ok\n");
}

TEST_F(HttpServer, MissingFilesAndTraversalGet404) {
  EXPECT_EQ(request(http::verb::get, "/nope.js").result(), http::status::not_found);
  const Response traversal = request(http::verb::get, "/../secret.txt");
  EXPECT_EQ(traversal.result(), http::status::not_found);
  EXPECT_EQ(traversal.body().find("must never be served"), std::string::npos);
}

TEST_F(HttpServer, OtherMethodsGet405WithAllow) {
  const Response response = request(http::verb::post, "/");
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(response[http::field::allow], "GET, HEAD");
}

TEST_F(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  tcp::socket socket = connect();
  EXPECT_EQ(request(socket, http::verb::get, "/healthz").result(), http::status::ok);
  EXPECT_EQ(request(socket, http::verb::get, "/index.wasm").result(), http::status::ok);
  EXPECT_EQ(request(socket, http::verb::get, "/").result(), http::status::ok);
}

TEST_F(HttpServer, GarbageAndOversizedHeadersAreDroppedAndTheServerKeepsServing) {
  {
    tcp::socket socket = connect();
    asio::write(socket, asio::buffer(std::string_view("\x16\x03\x01 not http at all\r\n\r\n")));
    beast::flat_buffer buffer;
    Response response;
    beast::error_code error;
    http::read(socket, buffer, response, error);
    EXPECT_TRUE(error);  // the server closed the connection instead of answering
  }
  {
    tcp::socket socket = connect();
    const std::string huge_header =
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n";
    beast::error_code error;
    asio::write(socket, asio::buffer(huge_header), error);
    beast::flat_buffer buffer;
    Response response;
    http::read(socket, buffer, response, error);
    EXPECT_TRUE(error);
  }
  EXPECT_EQ(request(http::verb::get, "/healthz").result(), http::status::ok);
}

TEST_F(HttpServer, UrlReportsTheRealPort) {
  EXPECT_NE((*server)->port(), 0);
  EXPECT_EQ((*server)->url(), "http://127.0.0.1:" + std::to_string((*server)->port()) + "/");
}

}  // namespace
}  // namespace parley::server
