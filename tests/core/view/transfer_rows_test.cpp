#include "core/view/transfer_rows.h"

#include <gtest/gtest.h>

namespace parley::view {
namespace {

TransferView view(bool outgoing, TransferState state) {
  TransferView v;
  v.key = "t1";
  v.peer_id = "p1";
  v.outgoing = outgoing;
  v.name = "report.pdf";
  v.size = 64'000'000;
  v.mime = "application/pdf";
  v.state = state;
  return v;
}

TEST(TransferRows, BytesReadAsPeopleSayThem) {
  EXPECT_EQ(human_bytes(512), "512 bytes");
  EXPECT_EQ(human_bytes(12'300), "12 KB");
  EXPECT_EQ(human_bytes(3'450'000), "3.5 MB");
  EXPECT_EQ(human_bytes(1'250'000'000), "1.25 GB");
}

TEST(TransferRows, AnOfferToUsAsksAndAnOfferOfOursWaits) {
  const auto theirs = row_of(view(false, TransferState::kOffered), "Ada");
  EXPECT_EQ(theirs.title, "report.pdf from Ada");
  EXPECT_EQ(theirs.detail, "64.0 MB, application/pdf");
  EXPECT_TRUE(theirs.asks);
  EXPECT_FALSE(theirs.cancellable);
  const auto ours = row_of(view(true, TransferState::kOffered), "Bob");
  EXPECT_EQ(ours.title, "report.pdf to Bob");
  EXPECT_EQ(ours.detail, "Waiting for Bob to accept");
  EXPECT_FALSE(ours.asks);
  EXPECT_TRUE(ours.cancellable);
}

TEST(TransferRows, ProgressShowsBytesRateAndTimeLeft) {
  auto v = view(true, TransferState::kTransferring);
  v.bytes = 16'000'000;
  v.bytes_per_second = 8'000'000;
  v.eta_seconds = 5.6;
  const auto row = row_of(v, "Bob");
  EXPECT_FLOAT_EQ(row.fraction, 0.25f);
  EXPECT_EQ(row.detail, "16.0 MB of 64.0 MB - 8.0 MB/s - 6 s left");
  EXPECT_TRUE(row.cancellable);
  v.state = TransferState::kWaiting;
  EXPECT_EQ(row_of(v, "Bob").detail,
            "16.0 MB of 64.0 MB - connection lost, resuming when it is back");
}

TEST(TransferRows, EndingsSayHowAndOnlyAVerifiedArrivalCanBeSaved) {
  auto done = view(false, TransferState::kDone);
  done.bytes = done.size;
  const auto row = row_of(done, "Ada");
  EXPECT_EQ(row.detail, "Done, verified (SHA-256)");
  EXPECT_TRUE(row.saveable);
  EXPECT_FALSE(row.cancellable);
  EXPECT_FALSE(row_of(view(true, TransferState::kDone), "Bob").saveable);

  auto failed = view(true, TransferState::kFailed);
  failed.error = "Bob left the call";
  const auto failed_row = row_of(failed, "Bob");
  EXPECT_EQ(failed_row.detail, "Bob left the call");
  EXPECT_TRUE(failed_row.problem);
  EXPECT_FALSE(failed_row.cancellable);

  auto empty = view(false, TransferState::kDone);
  empty.size = 0;
  EXPECT_FLOAT_EQ(row_of(empty, "Ada").fraction, 1.0f) << "an empty file is complete, not 0/0";
}

TEST(TransferRows, NoticesForOffersArrivalsAndFailuresOnly) {
  EXPECT_EQ(notice_of(view(false, TransferState::kOffered), "Ada"),
            "Ada offers report.pdf (64.0 MB). Open Files to accept it.");
  EXPECT_EQ(notice_of(view(false, TransferState::kDone), "Ada"),
            "report.pdf from Ada arrived and was verified. Save it in Files.");
  auto cancelled = view(true, TransferState::kCancelled);
  cancelled.error = "cancelled by the receiver";
  EXPECT_EQ(notice_of(cancelled, "Bob"), "report.pdf to Bob: cancelled by the receiver");
  EXPECT_FALSE(notice_of(view(true, TransferState::kOffered), "Bob"));
  EXPECT_FALSE(notice_of(view(true, TransferState::kTransferring), "Bob"));
  EXPECT_FALSE(notice_of(view(true, TransferState::kDone), "Bob"))
      << "the sender sees it in the panel";
}

}  // namespace
}  // namespace parley::view
