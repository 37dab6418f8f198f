#include "server/connection_slots.h"

#include <utility>

namespace parley::server {

ConnectionSlot::ConnectionSlot(ConnectionSlots* owner, AddressCount* address)
    : owner_(owner), address_(address) {}

ConnectionSlot::ConnectionSlot(ConnectionSlot&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      address_(std::exchange(other.address_, nullptr)) {}

ConnectionSlot& ConnectionSlot::operator=(ConnectionSlot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    address_ = std::exchange(other.address_, nullptr);
  }
  return *this;
}

ConnectionSlot::~ConnectionSlot() {
  release();
}

void ConnectionSlot::release() {
  if (owner_ == nullptr) return;
  std::exchange(owner_, nullptr)->release(*std::exchange(address_, nullptr));
}

ConnectionSlots::ConnectionSlots(SlotLimits limits) : limits_(limits) {}

std::string ConnectionSlots::address_key(const boost::asio::ip::address& address) {
  if (address.is_v6()) {
    const auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) {
      return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
    }
    auto bytes = v6.to_bytes();
    for (std::size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;  // the /64 prefix
    return boost::asio::ip::address_v6(bytes).to_string() + "/64";
  }
  return address.to_string();
}

std::variant<ConnectionSlot, SlotRefusal> ConnectionSlots::acquire(
    const boost::asio::ip::address& address) {
  if (in_use_ >= limits_.total) return SlotRefusal::kServerFull;
  const auto found = per_address_.try_emplace(address_key(address), 0).first;
  auto& entry = *found;
  if (entry.second >= limits_.per_address) {
    if (entry.second == 0) per_address_.erase(found);
    return SlotRefusal::kAddressFull;
  }
  ++entry.second;
  ++in_use_;
  return ConnectionSlot(this, &entry);
}

std::size_t ConnectionSlots::in_use_by(const boost::asio::ip::address& address) const {
  const auto found = per_address_.find(address_key(address));
  return found == per_address_.end() ? 0 : found->second;
}

void ConnectionSlots::release(ConnectionSlot::AddressCount& address) {
  --in_use_;
  // Erased by iterator: the key is inside the entry that goes.
  if (--address.second == 0) per_address_.erase(per_address_.find(address.first));
}

}  // namespace parley::server
