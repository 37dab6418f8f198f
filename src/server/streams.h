// The transports a session runs over: plain TCP, or TLS over TCP (--tls-cert).
// Sessions are templates on these; the instantiations live in the sessions' .cpp files.
// HTTP sessions use Beast's tcp_stream for its timeouts; a plain WebSocket session takes
// the bare socket out of it (PlainSocket) and keeps its own, cheaper, liveness checks.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <type_traits>

namespace parley::server {

using PlainStream = boost::beast::tcp_stream;
using PlainSocket = boost::asio::ip::tcp::socket;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <class Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

}  // namespace parley::server
