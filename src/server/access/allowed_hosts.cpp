#include "server/access/allowed_hosts.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace parley::server {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return out;
}

}  // namespace

bool is_loopback_name(std::string_view host) {
  if (host == "localhost" || host.ends_with(".localhost")) return true;
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  return !error && address.is_loopback();
}

HostCheck::HostCheck(std::vector<std::string> names, bool loopback_names, bool any)
    : loopback_names_(loopback_names), any_(any) {
  for (const auto& name : names) names_.push_back(lower(name));
}

bool HostCheck::allows(std::optional<std::string_view> host_header) const {
  if (any_) return true;
  if (!host_header) return false;
  const auto host = host_name_of(*host_header);
  if (!host) return false;
  if (loopback_names_ && is_loopback_name(*host)) return true;
  return std::find(names_.begin(), names_.end(), *host) != names_.end();
}

HostCheck host_check_for(std::string_view listen_address, std::vector<std::string> allowed_hosts) {
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(listen_address, error);
  const bool loopback = !error && address.is_loopback();
  if (allowed_hosts.empty() && !loopback) return HostCheck();
  return HostCheck(std::move(allowed_hosts), /*loopback_names=*/loopback, /*any=*/false);
}

std::optional<std::string> host_name_of(std::string_view host_header) {
  std::string_view host = host_header;
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    host = host.substr(1, close - 1);
  } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    if (host.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
    host = host.substr(0, colon);
  }
  if (host.empty() || !is_valid_host_name(host)) return std::nullopt;
  return lower(host);
}

bool is_valid_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == ':';
  });
}

}  // namespace parley::server
