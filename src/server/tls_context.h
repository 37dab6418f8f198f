// The TLS configuration for --tls-cert / --tls-key: TLS 1.2 or newer, the certificate
// chain and key loaded from PEM files once at startup.
//
//   auto context = make_tls_context(cert_path, key_path);  // throws TlsSetupError
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace parley::server {

struct TlsSetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::shared_ptr<boost::asio::ssl::context> make_tls_context(
    const std::filesystem::path& certificate_chain, const std::filesystem::path& private_key);

}  // namespace parley::server
