#include "server/connection_slots.h"

#include <utility>

namespace parley::server {

ConnectionSlot::ConnectionSlot(ConnectionSlots* owner, std::string address_key)
    : owner_(owner), address_key_(std::move(address_key)) {}

ConnectionSlot::ConnectionSlot(ConnectionSlot&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), address_key_(std::move(other.address_key_)) {}

ConnectionSlot& ConnectionSlot::operator=(ConnectionSlot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    address_key_ = std::move(other.address_key_);
  }
  return *this;
}

ConnectionSlot::~ConnectionSlot() {
  release();
}

void ConnectionSlot::release() {
  if (owner_ == nullptr) return;
  std::exchange(owner_, nullptr)->release(address_key_);
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
  std::string key = address_key(address);
  std::size_t& used = per_address_[key];
  if (used >= limits_.per_address) {
    if (used == 0) per_address_.erase(key);
    return SlotRefusal::kAddressFull;
  }
  ++used;
  ++in_use_;
  return ConnectionSlot(this, std::move(key));
}

std::size_t ConnectionSlots::in_use_by(const boost::asio::ip::address& address) const {
  const auto found = per_address_.find(address_key(address));
  return found == per_address_.end() ? 0 : found->second;
}

void ConnectionSlots::release(const std::string& address_key) {
  const auto found = per_address_.find(address_key);
  if (found == per_address_.end()) return;
  --in_use_;
  if (--found->second == 0) per_address_.erase(found);
}

}  // namespace parley::server
