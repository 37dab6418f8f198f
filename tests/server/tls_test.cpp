// --tls-cert / --tls-key: the page and the health endpoints over HTTPS, signaling over WSS,
// a plain-HTTP client on the TLS port refused without harm, and bad files refused at start.
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "running_server.h"
#include "self_signed_certificate.h"
#include "server/tls_context.h"
#include "temp_web_root.h"

namespace parley::server {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using nlohmann::json;

class Tls : public ::testing::Test {
 protected:
  Tls() {
    root.add("index.html", "<!doctype html><title>Parley</title>");
    certificate = testing::write_self_signed_certificate(root.path().parent_path());
    ServerOptions options;
    options.port = 0;
    options.web_root = root.path();
    options.tls = ServerOptions::TlsFiles{certificate.certificate, certificate.private_key};
    server.emplace(std::move(options));
    // The client trusts exactly the server's certificate, so a handshake proves it is served.
    client_context.load_verify_file(certificate.certificate.string());
    client_context.set_verify_mode(ssl::verify_peer);
  }

  // A TLS connection to the server, handshake done.
  beast::ssl_stream<beast::tcp_stream> connect() {
    beast::ssl_stream<beast::tcp_stream> stream(io, client_context);
    beast::get_lowest_layer(stream).connect(
        {asio::ip::make_address("127.0.0.1"), (*server)->port()});
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    stream.handshake(ssl::stream_base::client);
    return stream;
  }

  http::response<http::string_body> https_get(const std::string& target) {
    auto stream = connect();
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
  }

  testing::TempWebRoot root;
  testing::CertificateFiles certificate;
  std::optional<testing::RunningServer> server;
  asio::io_context io;
  ssl::context client_context{ssl::context::tls_client};
};

TEST_F(Tls, ServesThePageAndHealthOverHttps) {
  EXPECT_EQ((*server)->url().rfind("https://127.0.0.1:", 0), 0u) << (*server)->url();
  const auto page = https_get("/");
  EXPECT_EQ(page.result_int(), 200u);
  EXPECT_EQ(page.body(), "<!doctype html><title>Parley</title>");
  EXPECT_EQ(page["Strict-Transport-Security"], "max-age=31536000");
  EXPECT_EQ(https_get("/healthz").body(), "ok\n");
}

TEST_F(Tls, AClientThatNeverHandshakesIsCutOffAtTheRequestTimeout) {
  ServerOptions options;
  options.port = 0;
  options.web_root = root.path();
  options.tls = ServerOptions::TlsFiles{certificate.certificate, certificate.private_key};
  options.request_timeout = std::chrono::seconds(1);
  testing::RunningServer impatient(std::move(options));
  beast::tcp_stream silent(io);
  silent.connect({asio::ip::make_address("127.0.0.1"), impatient->port()});
  const auto started = std::chrono::steady_clock::now();
  silent.expires_after(std::chrono::seconds(4));
  char byte;
  beast::error_code error;
  silent.read_some(asio::buffer(&byte, 1), error);  // says nothing, waits for the server
  const auto held = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(error == asio::error::eof || error == asio::error::connection_reset)
      << error.message() << ": the silent client was never cut off";
  EXPECT_GE(held, std::chrono::milliseconds(900));
  EXPECT_LE(held, std::chrono::milliseconds(2500));
}

TEST_F(Tls, SignalingWorksOverWss) {
  using Wss = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
  const auto open = [&](const std::string& peer_id) {
    auto ws = std::make_unique<Wss>(connect());
    ws->handshake("127.0.0.1", "/");
    ws->write(
        asio::buffer(json({{"type", "join"}, {"room", "secure"}, {"peerId", peer_id}}).dump()));
    return ws;
  };
  const auto next = [](Wss& ws) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    return json::parse(beast::buffers_to_string(buffer.data()));
  };
  auto alice = open("alice");
  EXPECT_EQ(next(*alice)["type"], "welcome");
  auto bob = open("bob");
  EXPECT_EQ(next(*bob)["type"], "welcome");
  EXPECT_EQ(next(*alice)["type"], "peer-joined");
  bob->write(asio::buffer(json({{"type", "offer"}, {"target", "alice"}, {"sdp", "v=0"}}).dump()));
  const json offer = next(*alice);
  EXPECT_EQ(offer["from"], "bob");
  EXPECT_EQ(offer["sdp"], "v=0");
}

TEST_F(Tls, PlainHttpOnTheTlsPortIsDroppedAndServingGoesOn) {
  beast::tcp_stream plain(io);
  plain.connect({asio::ip::make_address("127.0.0.1"), (*server)->port()});
  plain.expires_after(std::chrono::seconds(5));
  http::request<http::empty_body> request{http::verb::get, "/", 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(plain, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code error;
  http::read(plain, buffer, response, error);
  EXPECT_TRUE(error) << "a plain request got a plain answer";
  EXPECT_NE(error, beast::error::timeout) << "the server should drop it, not hang";
  EXPECT_EQ(https_get("/healthz").body(), "ok\n");
}

TEST(TlsContext, MissingOrMismatchedFilesAreClearErrors) {
  testing::TempWebRoot folder;
  const auto first = testing::write_self_signed_certificate(folder.path());
  const auto other_folder = folder.path() / "other";
  std::filesystem::create_directories(other_folder);
  const auto second = testing::write_self_signed_certificate(other_folder);
  EXPECT_NO_THROW(make_tls_context(first.certificate, first.private_key));
  try {
    make_tls_context(folder.path() / "missing.pem", first.private_key);
    ADD_FAILURE() << "a missing certificate was accepted";
  } catch (const TlsSetupError& error) {
    EXPECT_NE(std::string(error.what()).find("missing.pem"), std::string::npos) << error.what();
  }
  try {
    make_tls_context(first.certificate, second.private_key);
    ADD_FAILURE() << "a key of another certificate was accepted";
  } catch (const TlsSetupError& error) {
    // OpenSSL refuses the key while loading it ("key values mismatch"); the message names it.
    EXPECT_NE(std::string(error.what()).find(second.private_key.string()), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("mismatch"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace parley::server
