// Every TCP connection parley-server holds takes a slot: an HTTP request being read, a
// TLS handshake, a WebSocket. Slots are capped in total (--max-connections) and per
// client address (--max-connections-per-address), so neither one address nor
// connections that never get as far as a WebSocket can crowd everyone else out.
//
//   ConnectionSlots slots({.total = 20000, .per_address = 256});
//   auto taken = slots.acquire(socket.remote_endpoint().address());
//   if (auto* slot = std::get_if<ConnectionSlot>(&taken)) session.hold(std::move(*slot));
//   else refuse(std::get<SlotRefusal>(taken));            // kServerFull / kAddressFull
//
// The slot is given back when the ConnectionSlot is destroyed, so a session that holds
// one cannot leak it. IPv6 clients are grouped by /64, the block one subscriber gets.
// Used on the server's one I/O thread only.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <variant>

namespace parley::server {

struct SlotLimits {
  std::size_t total = 20000;
  std::size_t per_address = 256;
};

enum class SlotRefusal { kServerFull, kAddressFull };

class ConnectionSlots;

class ConnectionSlot {
 public:
  ConnectionSlot() = default;  // holds nothing
  ConnectionSlot(ConnectionSlot&& other) noexcept;
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept;
  ~ConnectionSlot();
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  friend class ConnectionSlots;
  // The count of its address in the owner's map (references to unordered_map entries
  // stay valid until erased): a pointer, not a copy of the key, per connection.
  using AddressCount = std::pair<const std::string, std::size_t>;
  ConnectionSlot(ConnectionSlots* owner, AddressCount* address);
  void release();

  ConnectionSlots* owner_ = nullptr;
  AddressCount* address_ = nullptr;
};

class ConnectionSlots {
 public:
  explicit ConnectionSlots(SlotLimits limits);

  std::variant<ConnectionSlot, SlotRefusal> acquire(const boost::asio::ip::address& address);

  std::size_t in_use() const { return in_use_; }
  std::size_t in_use_by(const boost::asio::ip::address& address) const;

  // The key an address is counted under: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by /64.
  static std::string address_key(const boost::asio::ip::address& address);

 private:
  friend class ConnectionSlot;
  void release(ConnectionSlot::AddressCount& address);

  SlotLimits limits_;
  std::size_t in_use_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace parley::server
