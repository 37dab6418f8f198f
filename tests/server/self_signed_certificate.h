// A throwaway self-signed certificate and key for TLS tests, written as PEM files into a
// folder, made with OpenSSL at test time (nothing secret is committed).
#pragma once

#include <filesystem>

namespace parley::server::testing {

struct CertificateFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
};

// An EC P-256 key and a certificate for CN=127.0.0.1 valid for a day.
CertificateFiles write_self_signed_certificate(const std::filesystem::path& folder);

}  // namespace parley::server::testing
