#include "server/tls_context.h"

namespace parley::server {
namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const std::filesystem::path& certificate_chain,
                                               const std::filesystem::path& private_key) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  boost::system::error_code error;
  context->use_certificate_chain_file(certificate_chain.string(), error);
  if (error) {
    throw TlsSetupError("cannot load the TLS certificate chain " + certificate_chain.string() +
                        ": " + error.message());
  }
  context->use_private_key_file(private_key.string(), ssl::context::pem, error);
  if (error) {
    throw TlsSetupError("cannot load the TLS private key " + private_key.string() + ": " +
                        error.message());
  }
  // A key that does not belong to the certificate would fail every handshake later.
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    throw TlsSetupError("the TLS private key " + private_key.string() +
                        " does not match the certificate " + certificate_chain.string());
  }
  return context;
}

}  // namespace parley::server
