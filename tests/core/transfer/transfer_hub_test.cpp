#include "core/transfer/transfer_hub.h"

#include <gtest/gtest.h>

#include <deque>

#include "../../fakes/fake_files.h"

namespace parley::transfer {
namespace {
using namespace std::chrono_literals;
using fakes::FakeFileSource;

constexpr std::size_t kMaxMessage = 16 * 1024;
constexpr std::size_t kLowThreshold = 16 * 1024;
constexpr std::size_t kChunkBytes = 50'000;  // three parts of a 16 KiB message

// Messages needed for `size` bytes.
int parts_for(std::size_t size) {
  const std::size_t part = part_size_for(kMaxMessage);
  const std::size_t chunk = chunk_size_for(part_size_for(kMaxMessage), kChunkBytes);
  const std::size_t whole = size / chunk;
  return static_cast<int>(whole * (chunk / part) + (size % chunk + part - 1) / part);
}

std::string pattern(std::size_t size, unsigned seed = 1) {
  std::string data(size, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : data) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  return data;
}

// One person's hub and what it did.
struct Side {
  std::string id;
  std::unique_ptr<TransferHub> hub;
  struct Message {
    bool binary;
    std::string data;
  };
  std::map<std::string, std::deque<Message>> inbox;  // from peer id
  std::map<std::string, std::size_t> buffered;       // sent to peer id, not yet delivered
  std::size_t most_buffered = 0;
  std::size_t largest_message = 0;
  int parts_sent = 0;
  std::vector<std::string> chunk_order;  // transfer ids of the chunks sent, in order
  std::vector<std::shared_ptr<fakes::FakeSinkRecord>> sinks;
  std::vector<TransferView> changes;
  std::vector<std::string> problems;
  std::function<void(std::string&)> tamper;           // changes a chunk on its way out
  std::function<bool(const std::string&)> lose_text;  // true: that control frame is lost
};

class TransferHubTest : public ::testing::Test {
 protected:
  TransferHubTest() {
    for (Side* side : {&ada, &bob, &cy}) make(*side);
    ada.id = "ada";
    bob.id = "bob";
    cy.id = "cy";
  }
  void make(Side& side) {
    side.hub = std::make_unique<TransferHub>(
        TransferHub::Platform{hasher, scheduler,
                              [&side](const std::string&) {
                                side.sinks.push_back(std::make_shared<fakes::FakeSinkRecord>());
                                return std::make_unique<fakes::FakeFileSink>(side.sinks.back());
                              }},
        TransferHub::Handlers{
            .on_change = [&side](const TransferView& view) { side.changes.push_back(view); },
            .on_problem = [&side](const std::string&,
                                  const std::string& p) { side.problems.push_back(p); }},
        TransferHub::Settings{.high_water_bytes = 64 * 1024,
                              .chunk_bytes = kChunkBytes,
                              .give_up_after = 30s,
                              .progress_interval = 0ms});
  }
  // Joins `from`'s link to `to`: what one sends lands in the other's inbox.
  TransferHub::Link link(Side& from, Side& to) {
    return {
        .send_text = [&from, &to](const std::string& text) -> std::optional<ports::Failure> {
          if (from.lose_text && from.lose_text(text)) return std::nullopt;
          to.inbox[from.id].push_back({false, text});
          account(from, to, text.size());
          return std::nullopt;
        },
        .send_binary = [&from, &to](const std::string& head,
                                    const ports::BytesRef& body) -> std::optional<ports::Failure> {
          std::string message = head + fakes::data_of(body);
          if (from.tamper) from.tamper(message);
          ++from.parts_sent;
          from.chunk_order.push_back(message.substr(2, static_cast<std::uint8_t>(message[1])));
          account(from, to, message.size());
          to.inbox[from.id].push_back({true, std::move(message)});
          return std::nullopt;
        },
        .buffered_amount = [&from, &to] { return from.buffered[to.id]; }};
  }
  static void account(Side& from, Side& to, std::size_t size) {
    from.largest_message = std::max(from.largest_message, size);
    from.buffered[to.id] += size;
    from.most_buffered = std::max(from.most_buffered, from.buffered[to.id]);
  }
  void connect(Side& a, Side& b) {
    a.hub->link_up(b.id, link(a, b));
    b.hub->link_up(a.id, link(b, a));
  }
  void cut(Side& a, Side& b) {
    a.hub->link_down(b.id);
    b.hub->link_down(a.id);
    a.inbox.erase(b.id);  // in flight: lost with the channel
    b.inbox.erase(a.id);
    a.buffered[b.id] = 0;
    b.buffered[a.id] = 0;
  }
  // The network delivers up to `budget` bytes per direction, then the event loop runs.
  bool step(std::size_t budget = 32 * 1024) {
    bool moved = false;
    for (Side* to : {&ada, &bob, &cy}) {
      for (auto& [from_id, queue] : to->inbox) {
        Side& from = side(from_id);
        std::size_t spent = 0;
        while (!queue.empty() && spent < budget) {
          auto message = std::move(queue.front());
          queue.pop_front();
          spent += message.data.size();
          const std::size_t before = from.buffered[to->id];
          from.buffered[to->id] -= message.data.size();
          if (message.binary)
            to->hub->on_binary(from_id, fakes::bytes_of(message.data));
          else
            to->hub->on_text(from_id, message.data);
          if (before > kLowThreshold && from.buffered[to->id] <= kLowThreshold)
            from.hub->on_writable(to->id);
          moved = true;
        }
      }
    }
    for (int i = 0; i < 5; ++i) scheduler.advance(0ms);
    for (Side* to : {&ada, &bob, &cy}) {
      for (const auto& [from_id, queue] : to->inbox) moved = moved || !queue.empty();
    }
    return moved;  // or something is waiting to be delivered
  }
  void settle() {
    for (int i = 0; i < 10'000 && (step() || scheduler.pending() > 0); ++i) {
    }
  }
  Side& side(const std::string& id) { return id == "ada" ? ada : id == "bob" ? bob : cy; }
  std::string send(Side& from, Side& to, std::string data, std::string name = "file.bin") {
    auto key =
        from.hub->send_file(to.id,
                            std::make_unique<FakeFileSource>(scheduler, std::move(name),
                                                             std::move(data), "application/x-test"),
                            kMaxMessage);
    EXPECT_TRUE(std::holds_alternative<std::string>(key));
    return std::get<std::string>(key);
  }
  // The receiver's key for the newest offer it got.
  std::string offered(Side& to) {
    for (auto it = to.changes.rbegin(); it != to.changes.rend(); ++it) {
      if (!it->outgoing && it->state == TransferState::kOffered) return it->key;
    }
    std::string seen;
    for (const auto& view : to.changes) seen += view.key + ":" + to_string(view.state) + " ";
    for (const auto& problem : to.problems) seen += "problem: " + problem + " ";
    ADD_FAILURE() << to.id << " has no offer; saw " << seen << "; sender saw "
                  << (ada.changes.empty() ? "nothing" : to_string(ada.changes.back().state));
    return "";
  }
  TransferState state(Side& side, const std::string& key) { return side.hub->transfer(key)->state; }

  fakes::FakeScheduler scheduler;
  fakes::FakeHasher hasher{scheduler};
  // `to` accepts ada's 1 MiB offer `id` made of 1 KiB parts; its key.
  std::string accept_kibibyte_parts(Side& to, const std::string& id) {
    FileOffer offer{id, id + ".bin", 1 << 20, "application/octet-stream", 1 << 20, 1024};
    to.hub->on_text("ada", serialize(ControlFrame{offer}));
    const auto key = offered(to);
    to.hub->accept(key);
    return key;
  }
  // One 1 KiB part of ada's transfer `id` reaches `to`.
  static void kibibyte_part(Side& to, const std::string& id, std::uint16_t part) {
    to.hub->on_binary(
        "ada", fakes::bytes_of(encode_part_header({id, 0, part, {}}) + std::string(1024, 'x')));
  }

  Side ada, bob, cy;
};

TEST_F(TransferHubTest, AFileArrivesWholeAndVerifiedInChunksThatFitTheChannel) {
  connect(ada, bob);
  const std::string data = pattern(200'000);
  const auto key = send(ada, bob, data, "photo.png");
  settle();
  const auto incoming = offered(bob);
  const auto offer = bob.hub->transfer(incoming);
  EXPECT_EQ(offer->name, "photo.png");
  EXPECT_EQ(offer->size, data.size());
  EXPECT_EQ(offer->mime, "application/x-test");
  bob.hub->accept(incoming);
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kDone);
  EXPECT_EQ(state(bob, incoming), TransferState::kDone);
  ASSERT_EQ(bob.sinks.size(), 1u);
  EXPECT_TRUE(bob.sinks[0]->finished);
  EXPECT_EQ(bob.sinks[0]->name, "photo.png");
  EXPECT_TRUE(bob.sinks[0]->data == data);
  EXPECT_LE(ada.largest_message, kMaxMessage);
  EXPECT_EQ(ada.parts_sent, parts_for(data.size()));
  EXPECT_EQ(ada.parts_sent, 13) << "4 chunks of 3 parts, and one short part";
  EXPECT_EQ(bob.hub->transfer(incoming)->bytes, data.size());
  EXPECT_TRUE(ada.problems.empty());
  EXPECT_TRUE(bob.problems.empty());
}

TEST_F(TransferHubTest, ReadsThatFinishOutOfOrderAreSentInOrder) {
  connect(ada, bob);
  const std::string data = pattern(200'000);
  auto file = std::make_unique<FakeFileSource>(scheduler, "disk.bin", data);
  // Every other chunk is slow to read, so the read after it finishes first.
  const std::uint32_t chunk = chunk_size_for(part_size_for(kMaxMessage), kChunkBytes);
  file->read_latency = [chunk](std::uint64_t offset) {
    return (offset / chunk) % 2 == 0 ? 5ms : 1ms;
  };
  const auto key = std::get<std::string>(ada.hub->send_file(bob.id, std::move(file), kMaxMessage));
  for (int i = 0; i < 200; ++i) {
    step();
    scheduler.advance(1ms);
  }
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  for (int i = 0; i < 2'000 && state(bob, incoming) != TransferState::kDone; ++i) {
    step();
    scheduler.advance(1ms);
  }
  settle();  // the receiver's done reaches the sender
  EXPECT_EQ(state(ada, key), TransferState::kDone);
  ASSERT_EQ(bob.sinks.size(), 1u);
  EXPECT_TRUE(bob.sinks[0]->data == data);
}

TEST_F(TransferHubTest, TheSendQueueStaysUnderTheHighWaterMark) {
  connect(ada, bob);
  const auto key = send(ada, bob, pattern(1'000'000));
  settle();
  bob.hub->accept(offered(bob));
  for (int i = 0; i < 10'000 && state(ada, key) != TransferState::kDone; ++i)
    step(4 * 1024);  // a slow network
  EXPECT_EQ(state(ada, key), TransferState::kDone);
  EXPECT_LE(ada.most_buffered, 64u * 1024 + kMaxMessage) << "at most one chunk past the mark";
  EXPECT_GE(ada.most_buffered, 48u * 1024) << "and the pipe is kept full";
}

TEST_F(TransferHubTest, DecliningEndsItOnBothSides) {
  connect(ada, bob);
  const auto key = send(ada, bob, pattern(50'000));
  settle();
  bob.hub->decline(offered(bob));
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kDeclined);
  EXPECT_EQ(ada.parts_sent, 0);
  EXPECT_TRUE(bob.sinks.empty());
}

TEST_F(TransferHubTest, EitherSideCanCancelMidway) {
  connect(ada, bob);
  const auto first = send(ada, bob, pattern(300'000));
  settle();
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  step();
  step();
  ada.hub->cancel(first);
  settle();
  EXPECT_EQ(state(bob, incoming), TransferState::kCancelled);
  EXPECT_EQ(bob.hub->transfer(incoming)->error, "cancelled by the sender");
  EXPECT_TRUE(bob.sinks[0]->discarded);

  const auto second = send(ada, bob, pattern(300'000, 2));
  settle();
  const auto incoming2 = offered(bob);
  bob.hub->accept(incoming2);
  step();
  step();
  bob.hub->cancel(incoming2);
  const int sent = ada.parts_sent;
  settle();
  EXPECT_EQ(state(ada, second), TransferState::kCancelled);
  EXPECT_EQ(ada.hub->transfer(second)->error, "cancelled by the receiver");
  EXPECT_LE(ada.parts_sent - sent, 8) << "the sender stops";
}

TEST_F(TransferHubTest, ACutPathResumesFromTheLastVerifiedChunk) {
  connect(ada, bob);
  const std::string data = pattern(400'000);
  const auto key = send(ada, bob, data);
  settle();
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  for (int i = 0; i < 4; ++i) step(16 * 1024);
  const auto verified_before = bob.hub->transfer(incoming)->bytes;
  ASSERT_GT(verified_before, 0u);
  ASSERT_LT(verified_before, data.size());
  cut(ada, bob);
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kWaiting);
  EXPECT_EQ(state(bob, incoming), TransferState::kWaiting);
  scheduler.advance(5s);
  connect(ada, bob);
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kDone);
  EXPECT_EQ(state(bob, incoming), TransferState::kDone);
  EXPECT_TRUE(bob.sinks[0]->data == data) << "every byte once, in order";
  const int total = parts_for(data.size());
  EXPECT_LT(ada.parts_sent, 2 * total) << "resumed, not restarted: " << ada.parts_sent;
}

TEST_F(TransferHubTest, ACutJustBeforeTheRootResumesWithOnlyTheRoot) {
  connect(ada, bob);
  const std::string data = pattern(100'000);
  const auto key = send(ada, bob, data);
  settle();
  const auto incoming = offered(bob);
  bool lost = false;
  ada.lose_text = [&lost](const std::string& text) {
    const bool end = text.find("file-end") != std::string::npos;
    if (end && !lost) return lost = true;
    return false;
  };
  bob.hub->accept(incoming);
  settle();
  ASSERT_TRUE(lost);
  EXPECT_EQ(state(bob, incoming), TransferState::kVerifying) << "every chunk, but no root";
  EXPECT_EQ(bob.hub->transfer(incoming)->bytes, data.size());
  const int chunks = ada.parts_sent;
  cut(ada, bob);
  connect(ada, bob);
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kDone);
  EXPECT_EQ(state(bob, incoming), TransferState::kDone);
  EXPECT_TRUE(bob.sinks[0]->data == data);
  EXPECT_EQ(ada.parts_sent, chunks) << "no chunk sent twice";
}

TEST_F(TransferHubTest, AFileThatChangesWhileBeingSentIsNotSentMixed) {
  connect(ada, bob);
  auto file = std::make_unique<FakeFileSource>(scheduler, "log.txt", pattern(400'000));
  FakeFileSource& source = *file;
  const auto key = std::get<std::string>(ada.hub->send_file("bob", std::move(file), kMaxMessage));
  settle();
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  for (int i = 0; i < 4; ++i) step(16 * 1024);
  ASSERT_GT(bob.hub->transfer(incoming)->bytes, 0u);
  cut(ada, bob);
  source.data = pattern(400'000, 2);  // rewritten on disk while the path was down
  connect(ada, bob);
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kCancelled);
  EXPECT_EQ(ada.hub->transfer(key)->error, "the file changed while it was being sent");
  EXPECT_EQ(state(bob, incoming), TransferState::kCancelled);
  EXPECT_TRUE(bob.sinks[0]->discarded);
}

TEST_F(TransferHubTest, ADamagedChunkIsAskedForAgain) {
  connect(ada, bob);
  const std::string data = pattern(100'000);
  int damaged = 0;
  ada.tamper = [&damaged](std::string& message) {
    if (damaged == 0 && message.size() > 500) {
      message[message.size() - 1] ^= 0x40;  // one bit of the data
      ++damaged;
    }
  };
  const auto key = send(ada, bob, data);
  settle();
  bob.hub->accept(offered(bob));
  settle();
  EXPECT_EQ(damaged, 1);
  EXPECT_EQ(state(ada, key), TransferState::kDone);
  EXPECT_TRUE(bob.sinks[0]->data == data);
}

TEST_F(TransferHubTest, ChunksDamagedAgainAndAgainEndTheTransferWithAReason) {
  connect(ada, bob);
  ada.tamper = [](std::string& message) { message[message.size() - 1] ^= 1; };
  const auto key = send(ada, bob, pattern(50'000));
  settle();
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  settle();
  EXPECT_EQ(state(bob, incoming), TransferState::kCancelled);
  EXPECT_EQ(bob.hub->transfer(incoming)->error, "chunk 0 arrived damaged 4 times");
  EXPECT_EQ(state(ada, key), TransferState::kCancelled);
  EXPECT_FALSE(bob.sinks[0]->finished);
}

TEST_F(TransferHubTest, AReceiverThatLeavesEndsTheTransferWithAClearError) {
  connect(ada, bob);
  const auto key = send(ada, bob, pattern(300'000));
  settle();
  bob.hub->accept(offered(bob));
  step();
  ada.hub->peer_gone("bob", "Bob left the call");
  EXPECT_EQ(state(ada, key), TransferState::kFailed);
  EXPECT_EQ(ada.hub->transfer(key)->error, "Bob left the call");
}

TEST_F(TransferHubTest, ACutThatDoesNotHealFailsAfterTheGracePeriod) {
  connect(ada, bob);
  const auto key = send(ada, bob, pattern(300'000));
  settle();
  bob.hub->accept(offered(bob));
  step();
  cut(ada, bob);
  scheduler.advance(29s);
  EXPECT_EQ(state(ada, key), TransferState::kWaiting);
  scheduler.advance(2s);
  EXPECT_EQ(state(ada, key), TransferState::kFailed);
  EXPECT_EQ(ada.hub->transfer(key)->error, "the connection to bob was lost and did not come back");
}

TEST_F(TransferHubTest, ConcurrentTransfersShareAChannelInTurnAndAllArrive) {
  connect(ada, bob);
  connect(ada, cy);
  const std::string one = pattern(150'000, 1), two = pattern(150'000, 2),
                    three = pattern(150'000, 3);
  const auto k1 = send(ada, bob, one, "one");
  const auto k2 = send(ada, bob, two, "two");
  const auto k3 = send(ada, cy, three, "three");
  settle();
  for (const auto& view : bob.hub->transfers()) bob.hub->accept(view.key);
  for (const auto& view : cy.hub->transfers()) cy.hub->accept(view.key);
  settle();
  for (const auto& key : {k1, k2, k3}) EXPECT_EQ(state(ada, key), TransferState::kDone) << key;
  ASSERT_EQ(bob.sinks.size(), 2u);
  EXPECT_TRUE((bob.sinks[0]->data == one && bob.sinks[1]->data == two) ||
              (bob.sinks[0]->data == two && bob.sinks[1]->data == one));
  EXPECT_TRUE(cy.sinks[0]->data == three);
  // On bob's channel, neither file waits for the other: their chunks alternate.
  std::vector<std::string> to_bob;
  for (const auto& id : ada.chunk_order) {
    if (id == k1 || id == k2) to_bob.push_back(id);
  }
  int switches = 0;
  for (std::size_t i = 1; i < to_bob.size(); ++i) switches += to_bob[i] != to_bob[i - 1];
  EXPECT_GE(switches, static_cast<int>(to_bob.size()) / 2)
      << "interleaved, not one after the other";
}

TEST_F(TransferHubTest, HostileFramesAreRefusedOrIgnoredNeverTrusted) {
  connect(ada, bob);
  bob.hub->on_text("ada", "{\"type\":\"file-offer\"");
  bob.hub->on_binary("ada", fakes::bytes_of("\x07garbage"));
  bob.hub->on_binary("ada", fakes::bytes_of(encode_part_header({"nope", 0, 0, {}}) + "data"));
  EXPECT_EQ(bob.problems.size(), 2u);
  EXPECT_TRUE(bob.hub->transfers().empty());
  // A chunk that does not fit the offer cancels that transfer, with the reason.
  const auto key = send(ada, bob, pattern(50'000));
  settle();
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  ada.tamper = [](std::string& message) { message += "extra"; };
  settle();
  EXPECT_EQ(state(bob, incoming), TransferState::kCancelled);
  EXPECT_EQ(bob.hub->transfer(incoming)->error, "chunk 0 does not fit the offer");
  EXPECT_EQ(state(ada, key), TransferState::kCancelled);
}

TEST_F(TransferHubTest, AnEmptyFileAndAnUnreadableOne) {
  connect(ada, bob);
  const auto empty = send(ada, bob, "", "empty.txt");
  settle();
  bob.hub->accept(offered(bob));
  settle();
  EXPECT_EQ(state(ada, empty), TransferState::kDone);
  EXPECT_TRUE(bob.sinks[0]->finished);

  auto file = std::make_unique<FakeFileSource>(scheduler, "gone.bin", pattern(50'000));
  file->fail_reads = true;
  const auto key = std::get<std::string>(ada.hub->send_file("bob", std::move(file), kMaxMessage));
  settle();
  EXPECT_EQ(state(ada, key), TransferState::kCancelled);
  EXPECT_EQ(ada.hub->transfer(key)->error, "the file could not be read: gone");
  EXPECT_EQ(bob.hub->transfers().size(), 1u) << "only the empty file was offered";
}

TEST_F(TransferHubTest, ProgressHasBytesRateAndTimeLeft) {
  connect(ada, bob);
  send(ada, bob, pattern(500'000));
  settle();
  const auto incoming = offered(bob);
  bob.hub->accept(incoming);
  for (int i = 0; i < 6; ++i) {
    step(16 * 1024);
    scheduler.advance(100ms);
  }
  const auto view = bob.hub->transfer(incoming);
  EXPECT_GT(view->bytes, 0u);
  EXPECT_LT(view->bytes, 500'000u);
  EXPECT_GT(view->bytes_per_second, 0);
  ASSERT_TRUE(view->eta_seconds);
  EXPECT_GT(*view->eta_seconds, 0);
  settle();
}

TEST_F(TransferHubTest, APeerWithTinyMessagesIsRefusedUpFront) {
  const auto refused =
      ada.hub->send_file("bob", std::make_unique<FakeFileSource>(scheduler, "x", "data"), 500);
  ASSERT_TRUE(std::holds_alternative<TransferHub::Refused>(refused));
}

// [SECTION] A hostile peer

// A file offer from `from` with its own id, as a hostile peer would write it.
std::string offer_frame(const std::string& id, const std::string& name = "x.bin") {
  FileOffer offer;
  offer.id = id;
  offer.name = name;
  offer.size = 10;
  offer.mime = "application/octet-stream";
  offer.chunk_size = 1024;
  offer.part_size = 1024;
  return serialize(ControlFrame{offer});
}

TEST_F(TransferHubTest, TenThousandOffersFromOnePeerKeepTransfersAndEventsBounded) {
  connect(ada, bob);
  for (int i = 0; i < 10'000; ++i) {
    scheduler.advance(10ms);  // 100 offers a second for 100 s
    bob.hub->on_text("ada", offer_frame("o" + std::to_string(i)));
  }
  const auto settings = TransferHub::Settings{};
  EXPECT_EQ(bob.hub->transfers().size(), settings.max_offers_waiting) << "the rest were declined";
  EXPECT_EQ(bob.changes.size(), settings.max_offers_waiting) << "one event per offer kept";
  EXPECT_LE(bob.problems.size(), 2u) << "told once of the flood and once of the offers";
  std::size_t declines = 0;
  for (const auto& message : ada.inbox["bob"])
    declines += !message.binary && message.data.find("file-decline") != std::string::npos;
  EXPECT_GT(declines, 4'000u) << "an honest sender hears that its offers were declined";
}

TEST_F(TransferHubTest, FinishedTransfersBeyondTheLatestFiftyAreForgottenAndTheirFilesReleased) {
  connect(ada, bob);
  for (int i = 0; i < 70; ++i) {
    send(ada, bob, pattern(100, i));
    settle();
    if (i % 2 == 0) {
      bob.hub->accept(offered(bob));  // received: a file to release when forgotten
    } else {
      bob.hub->decline(offered(bob));
    }
    settle();
  }
  const auto settings = TransferHub::Settings{};
  EXPECT_EQ(bob.hub->transfers().size(), settings.max_finished);
  EXPECT_EQ(ada.hub->transfers().size(), settings.max_finished);
  // 35 files arrived; the oldest 20 transfers (10 of them received files) were forgotten.
  ASSERT_EQ(bob.sinks.size(), 35u);
  for (std::size_t i = 0; i < bob.sinks.size(); ++i) {
    EXPECT_TRUE(bob.sinks[i]->finished) << i;
    EXPECT_EQ(bob.sinks[i]->released, i < 10) << "file " << i;
  }
}

TEST_F(TransferHubTest, AnAcceptedTransferThatGetsNoDataEndsWithAClearError) {
  connect(ada, bob);
  bob.hub->on_text("ada", offer_frame("silent"));
  const auto key = offered(bob);
  bob.hub->accept(key);
  scheduler.advance(TransferHub::Settings{}.stall_after);
  ASSERT_EQ(state(bob, key), TransferState::kCancelled);
  EXPECT_EQ(bob.hub->transfer(key)->error, "no data came from ada for 60 s");
  EXPECT_EQ(bob.sinks.at(0)->discarded, true) << "what it held is released";
}

TEST_F(TransferHubTest, ATrickleOfDataDoesNotKeepAnAcceptedTransferAlive) {
  connect(ada, bob);
  const auto key = accept_kibibyte_parts(bob, "slow");
  const auto stall_after = TransferHub::Settings{}.stall_after;
  // One 1 KiB part a little more often than the stall bound: data, but no real progress.
  for (std::uint16_t part = 0; part < 3; ++part) {
    scheduler.advance(stall_after - 1s);
    if (state(bob, key) != TransferState::kTransferring) break;
    kibibyte_part(bob, "slow", part);
  }
  ASSERT_EQ(state(bob, key), TransferState::kCancelled);
  EXPECT_EQ(bob.hub->transfer(key)->error, "less than 16 KiB came from ada in 60 s");
}

TEST_F(TransferHubTest, SteadySmallPartsAreProgressAndKeepTheTransferAlive) {
  connect(ada, bob);
  const auto key = accept_kibibyte_parts(bob, "steady");
  // 20 KiB every 50 s: slow, but over the bound in every window.
  for (std::uint16_t part = 0; part < 100; ++part) {
    if (part % 20 == 0) scheduler.advance(50s);
    kibibyte_part(bob, "steady", part);
  }
  EXPECT_EQ(state(bob, key), TransferState::kTransferring);
}

TEST_F(TransferHubTest, AnOfferedFileNameIsShownWithoutPathOrHiddenCharacters) {
  connect(ada, bob);
  bob.hub->on_text("ada", offer_frame("n", "../../evil\u202Etxt.exe"));
  EXPECT_EQ(bob.hub->transfer(offered(bob))->name, "....eviltxt.exe");
}

TEST_F(TransferHubTest, AReceivedFileIsReleasedWhenDismissedOrWhenTheHubGoes) {
  connect(ada, bob);
  std::vector<std::string> keys;
  for (int i = 0; i < 2; ++i) {
    send(ada, bob, pattern(100, i));
    settle();
    keys.push_back(offered(bob));
    bob.hub->accept(keys.back());
    settle();
    ASSERT_EQ(state(bob, keys.back()), TransferState::kDone);
  }
  EXPECT_FALSE(bob.hub->dismiss("t-unknown"));
  ASSERT_TRUE(bob.hub->dismiss(keys[0]));
  EXPECT_FALSE(bob.sinks[0]->released) << "not from inside a handler";
  scheduler.advance(0ms);
  EXPECT_TRUE(bob.sinks[0]->released);
  EXPECT_FALSE(bob.hub->transfer(keys[0]));
  EXPECT_FALSE(bob.sinks[1]->released);
  bob.hub.reset();  // the client is destroyed
  EXPECT_TRUE(bob.sinks[1]->released);
}

TEST_F(TransferHubTest, KeysAreUniqueAcrossHubsOfOneProcess) {
  connect(ada, bob);
  const auto from_ada = send(ada, bob, pattern(10));
  const auto from_bob = send(bob, ada, pattern(10));
  EXPECT_NE(from_ada, from_bob) << "two clients in one page would mix their files";
}

}  // namespace
}  // namespace parley::transfer
