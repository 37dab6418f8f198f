// Connection slots: the total cap, the per-address cap, and slots given back.
#include "server/connection_slots.h"

#include <gtest/gtest.h>

#include <vector>

namespace parley::server {
namespace {

using boost::asio::ip::make_address;

TEST(ConnectionSlotsTest, EachAddressGetsItsShareAndTheTotalIsCapped) {
  ConnectionSlots slots({.total = 3, .per_address = 2});
  std::vector<ConnectionSlot> held;
  for (int i = 0; i < 2; ++i) {
    auto taken = slots.acquire(make_address("192.0.2.1"));
    ASSERT_TRUE(std::holds_alternative<ConnectionSlot>(taken));
    held.push_back(std::move(std::get<ConnectionSlot>(taken)));
  }
  const auto third = slots.acquire(make_address("192.0.2.1"));
  ASSERT_TRUE(std::holds_alternative<SlotRefusal>(third));
  EXPECT_EQ(std::get<SlotRefusal>(third), SlotRefusal::kAddressFull);

  auto other = slots.acquire(make_address("192.0.2.2"));
  ASSERT_TRUE(std::holds_alternative<ConnectionSlot>(other));
  const auto fourth = slots.acquire(make_address("192.0.2.3"));
  ASSERT_TRUE(std::holds_alternative<SlotRefusal>(fourth));
  EXPECT_EQ(std::get<SlotRefusal>(fourth), SlotRefusal::kServerFull);
  EXPECT_EQ(slots.in_use(), 3u);
}

TEST(ConnectionSlotsTest, ASlotIsGivenBackWhenItsHolderGoes) {
  ConnectionSlots slots({.total = 1, .per_address = 1});
  {
    auto taken = slots.acquire(make_address("192.0.2.1"));
    ASSERT_TRUE(std::holds_alternative<ConnectionSlot>(taken));
    ConnectionSlot moved = std::move(std::get<ConnectionSlot>(taken));  // moved, not doubled
    EXPECT_EQ(slots.in_use(), 1u);
    EXPECT_TRUE(std::holds_alternative<SlotRefusal>(slots.acquire(make_address("192.0.2.9"))));
  }
  EXPECT_EQ(slots.in_use(), 0u);
  EXPECT_EQ(slots.in_use_by(make_address("192.0.2.1")), 0u);
  EXPECT_TRUE(std::holds_alternative<ConnectionSlot>(slots.acquire(make_address("192.0.2.9"))));
}

TEST(ConnectionSlotsTest, IPv6AddressesShareTheirSlash64AndMappedIPv4CountsAsIPv4) {
  EXPECT_EQ(ConnectionSlots::address_key(make_address("2001:db8:1:2:aaaa::1")),
            ConnectionSlots::address_key(make_address("2001:db8:1:2:bbbb::2")));
  EXPECT_NE(ConnectionSlots::address_key(make_address("2001:db8:1:2::1")),
            ConnectionSlots::address_key(make_address("2001:db8:1:3::1")));
  EXPECT_EQ(ConnectionSlots::address_key(make_address("::ffff:192.0.2.7")),
            ConnectionSlots::address_key(make_address("192.0.2.7")));

  ConnectionSlots slots({.total = 10, .per_address = 1});
  auto first = slots.acquire(make_address("2001:db8:1:2::1"));
  ASSERT_TRUE(std::holds_alternative<ConnectionSlot>(first));
  const auto same_subscriber = slots.acquire(make_address("2001:db8:1:2:ffff::9"));
  ASSERT_TRUE(std::holds_alternative<SlotRefusal>(same_subscriber));
  EXPECT_EQ(std::get<SlotRefusal>(same_subscriber), SlotRefusal::kAddressFull);
}

}  // namespace
}  // namespace parley::server
