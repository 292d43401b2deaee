// The feed: a bounded ring, subscribers with cursors and filters, wake-ups once per burst,
// resync for readers that fell behind or resume from an id the ring no longer has, the cap.
#include "server/live/live_feed.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace socialite::live {
namespace {

constexpr uint64_t kBase = 1000;  // the feed's seq before anything is published

Notice Note(std::string type, std::string phone = "", std::string wamid = "") {
  Notice notice;
  notice.type = std::move(type);
  notice.data = "{\"n\":1}";
  notice.phone_number_id = std::move(phone);
  notice.wamid = std::move(wamid);
  return notice;
}

void PublishMany(LiveFeed& feed, int count, const std::string& type = "message") {
  for (int i = 0; i < count; ++i) feed.Publish({Note(type)});
}

std::vector<uint64_t> Seqs(const LiveFeed::Subscriber::Batch& batch) {
  std::vector<uint64_t> seqs;
  for (const auto& entry : batch.entries) seqs.push_back(entry->seq);
  return seqs;
}

TEST(LiveFeedTest, GivesIncreasingSeqsAndFramesAfterTheBase) {
  auto feed = LiveFeed::Create({}, kBase);
  auto reader = feed->Subscribe({}, std::nullopt);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->start_seq(), kBase);
  feed->Publish({Note("message"), Note("status")});
  auto batch = reader->Take();
  EXPECT_FALSE(batch.resync);
  EXPECT_EQ(Seqs(batch), (std::vector<uint64_t>{kBase + 1, kBase + 2}));
  EXPECT_EQ(batch.entries[1]->frame, "event: status\ndata: {\"n\":1}\n\n");
  EXPECT_EQ(feed->newest_seq(), kBase + 2);
  EXPECT_TRUE(reader->Take().entries.empty());
}

TEST(LiveFeedTest, LineBreaksInDataCannotEndAFrame) {
  auto feed = LiveFeed::Create({}, kBase);
  auto reader = feed->Subscribe({}, std::nullopt);
  Notice notice = Note("message");
  notice.data = "{\"a\":\n\"b\"}\r";
  feed->Publish({notice});
  EXPECT_EQ(reader->Take().entries.at(0)->frame, "event: message\ndata: {\"a\": \"b\"} \n\n");
}

TEST(LiveFeedTest, AReaderThatFellOutOfTheRingResyncsToTheNewest) {
  FeedLimits limits;
  limits.ring = 8;
  auto feed = LiveFeed::Create(limits, kBase);
  auto reader = feed->Subscribe({}, std::nullopt);
  PublishMany(*feed, 20);
  auto batch = reader->Take();
  EXPECT_TRUE(batch.resync);
  EXPECT_EQ(batch.resync_seq, kBase + 20);
  EXPECT_TRUE(batch.entries.empty());
  feed->Publish({Note("clock")});
  batch = reader->Take();
  EXPECT_FALSE(batch.resync);
  EXPECT_EQ(Seqs(batch), (std::vector<uint64_t>{kBase + 21}));
}

TEST(LiveFeedTest, AReaderAtTheRingsEdgeStillGetsEverything) {
  FeedLimits limits;
  limits.ring = 8;
  auto feed = LiveFeed::Create(limits, kBase);
  auto reader = feed->Subscribe({}, std::nullopt);
  PublishMany(*feed, 8);
  auto batch = reader->Take();
  EXPECT_FALSE(batch.resync);
  EXPECT_EQ(batch.entries.size(), 8u);
}

TEST(LiveFeedTest, ResumesAfterLastSeenWithoutAGap) {
  auto feed = LiveFeed::Create({}, kBase);
  PublishMany(*feed, 5);
  auto reader = feed->Subscribe({}, kBase + 2);
  auto batch = reader->Take();
  EXPECT_FALSE(batch.resync);
  EXPECT_EQ(Seqs(batch), (std::vector<uint64_t>{kBase + 3, kBase + 4, kBase + 5}));
  // Resuming from the base (nothing seen yet) replays everything.
  auto from_start = feed->Subscribe({}, kBase);
  EXPECT_EQ(from_start->Take().entries.size(), 5u);
  // Resuming from the newest gives only what comes next.
  auto up_to_date = feed->Subscribe({}, kBase + 5);
  auto none = up_to_date->Take();
  EXPECT_FALSE(none.resync);
  EXPECT_TRUE(none.entries.empty());
}

TEST(LiveFeedTest, ResumingFromAnIdTheRingDoesNotHaveResyncs) {
  FeedLimits limits;
  limits.ring = 4;
  auto feed = LiveFeed::Create(limits, kBase);
  PublishMany(*feed, 10);
  for (uint64_t asked : {kBase + 2, kBase + 5, kBase - 7, kBase + 11, uint64_t{0}}) {
    auto reader = feed->Subscribe({}, asked);
    auto batch = reader->Take();
    EXPECT_TRUE(batch.resync) << asked;
    EXPECT_EQ(batch.resync_seq, kBase + 10) << asked;
  }
  // The oldest kept is seq 7: a reader that saw 6 misses nothing.
  auto reader = feed->Subscribe({}, kBase + 6);
  EXPECT_EQ(Seqs(reader->Take()),
            (std::vector<uint64_t>{kBase + 7, kBase + 8, kBase + 9, kBase + 10}));
}

TEST(LiveFeedTest, FiltersByTypeNumberAndMessageButAlwaysTellsClockAndReset) {
  auto feed = LiveFeed::Create({}, kBase);
  Filter by_type;
  by_type.types = kMessageBit | kStatusBit;
  auto types = feed->Subscribe(by_type, std::nullopt);
  Filter by_number;
  by_number.phone_number_id = "phone-a";
  auto number = feed->Subscribe(by_number, std::nullopt);
  Filter by_wamid;
  by_wamid.wamid = "wamid.1";
  auto wamid = feed->Subscribe(by_wamid, std::nullopt);
  Filter only_clock;
  only_clock.types = kClockBit;
  auto clock = feed->Subscribe(only_clock, std::nullopt);

  feed->Publish({Note("message", "phone-a", "wamid.1"), Note("message", "phone-b", "wamid.2"),
                 Note("status", "phone-a", "wamid.1"), Note("request"),
                 Note("event", "phone-b", "wamid.1"), Note("clock"), Note("reset")});
  EXPECT_EQ(Seqs(types->Take()), (std::vector<uint64_t>{kBase + 1, kBase + 2, kBase + 3}));
  EXPECT_EQ(Seqs(number->Take()),
            (std::vector<uint64_t>{kBase + 1, kBase + 3, kBase + 6, kBase + 7}));
  EXPECT_EQ(Seqs(wamid->Take()),
            (std::vector<uint64_t>{kBase + 1, kBase + 3, kBase + 5, kBase + 6, kBase + 7}));
  EXPECT_EQ(Seqs(clock->Take()), (std::vector<uint64_t>{kBase + 6}));
}

TEST(LiveFeedTest, TypeNamesAreTheStreamsEight) {
  for (const char* name :
       {"message", "inbound", "status", "event", "request", "template", "clock", "reset"}) {
    EXPECT_TRUE(TypeBit(name).has_value()) << name;
  }
  EXPECT_FALSE(TypeBit("messages").has_value());
  EXPECT_FALSE(TypeBit("").has_value());
}

TEST(LiveFeedTest, WakesOncePerBurstAndAgainAfterATake) {
  auto feed = LiveFeed::Create({}, kBase);
  auto reader = feed->Subscribe({}, std::nullopt);
  std::atomic<int> wakes{0};
  reader->SetWake([&] { ++wakes; });
  EXPECT_EQ(wakes, 0);  // nothing waiting yet
  PublishMany(*feed, 3);
  EXPECT_EQ(wakes, 1);
  EXPECT_EQ(reader->Take().entries.size(), 3u);
  PublishMany(*feed, 2);
  EXPECT_EQ(wakes, 2);
  reader->Close();
  reader->Take();
  PublishMany(*feed, 1);
  EXPECT_EQ(wakes, 2);  // closed: never called again
}

TEST(LiveFeedTest, SettingTheWakeWithNoticesWaitingCallsItAtOnce) {
  auto feed = LiveFeed::Create({}, kBase);
  PublishMany(*feed, 2);
  auto reader = feed->Subscribe({}, kBase);
  int wakes = 0;
  reader->SetWake([&] { ++wakes; });
  EXPECT_EQ(wakes, 1);
}

TEST(LiveFeedTest, TakeIsBoundedAndSaysWhenThereIsMore) {
  FeedLimits limits;
  limits.max_take = 10;
  limits.max_scan = 25;
  auto feed = LiveFeed::Create(limits, kBase);
  Filter only_status;
  only_status.types = kStatusBit;
  auto all = feed->Subscribe({}, std::nullopt);
  auto picky = feed->Subscribe(only_status, std::nullopt);
  PublishMany(*feed, 40);
  feed->Publish({Note("status")});
  auto batch = all->Take();
  EXPECT_EQ(batch.entries.size(), 10u);
  EXPECT_TRUE(batch.more);
  // Non-matching entries count against the scan bound, so a filtered reader is bounded too.
  batch = picky->Take();
  EXPECT_TRUE(batch.entries.empty());
  EXPECT_TRUE(batch.more);
  batch = picky->Take();
  EXPECT_EQ(batch.entries.size(), 1u);
  EXPECT_FALSE(batch.more);
}

TEST(LiveFeedTest, CapsSubscribersAndFreesASlotWhenOneCloses) {
  FeedLimits limits;
  limits.max_subscribers = 3;
  auto feed = LiveFeed::Create(limits, kBase);
  std::vector<std::shared_ptr<LiveFeed::Subscriber>> open;
  for (int i = 0; i < 3; ++i) open.push_back(feed->Subscribe({}, std::nullopt));
  EXPECT_EQ(feed->Subscribe({}, std::nullopt), nullptr);
  EXPECT_EQ(feed->subscribers(), 3u);
  open[0]->Close();
  EXPECT_EQ(feed->subscribers(), 2u);
  EXPECT_NE(feed->Subscribe({}, std::nullopt), nullptr);  // dropped at once: destroyed
  open.pop_back();                                        // destroyed without Close
  EXPECT_EQ(feed->subscribers(), 1u);
}

TEST(LiveFeedTest, CloseEndsEverySubscriberAndRefusesNewOnes) {
  auto feed = LiveFeed::Create({}, kBase);
  auto reader = feed->Subscribe({}, std::nullopt);
  int wakes = 0;
  reader->SetWake([&] { ++wakes; });
  feed->Close();
  EXPECT_EQ(wakes, 1);
  EXPECT_TRUE(reader->Take().ended);
  EXPECT_EQ(feed->Subscribe({}, std::nullopt), nullptr);
}

TEST(LiveFeedTest, AGapResyncsCurrentReadersOnceAndLaterResumesFromBeforeIt) {
  auto feed = LiveFeed::Create({}, kBase);
  PublishMany(*feed, 3);
  auto reader = feed->Subscribe({}, std::nullopt);
  feed->MarkGap();
  auto batch = reader->Take();
  EXPECT_TRUE(batch.resync);
  EXPECT_EQ(batch.resync_seq, kBase + 3);
  EXPECT_FALSE(reader->Take().resync);  // once
  PublishMany(*feed, 2);
  EXPECT_EQ(Seqs(reader->Take()), (std::vector<uint64_t>{kBase + 4, kBase + 5}));
  EXPECT_TRUE(feed->Subscribe({}, kBase + 3)->Take().resync);  // saw nothing after the gap
  EXPECT_FALSE(feed->Subscribe({}, kBase + 4)->Take().resync);
}

// Publishers on several threads, readers woken through their wake functions: each reader sees
// increasing seqs and, at the end, the newest (or a resync that brought it there).
TEST(LiveFeedConcurrencyTest, PublishersNeverWaitForReadersAndNoWakeIsLost) {
  FeedLimits limits;
  limits.ring = 256;
  auto feed = LiveFeed::Create(limits, kBase);
  constexpr int kPublishers = 3;
  constexpr int kPerPublisher = 3000;
  constexpr int kReaders = 3;
  struct Reader {
    std::shared_ptr<LiveFeed::Subscriber> subscriber;
    std::atomic<int> wakes{0};
    uint64_t last = 0;
    bool ordered = true;
  };
  std::vector<std::unique_ptr<Reader>> readers;
  for (int i = 0; i < kReaders; ++i) {
    auto reader = std::make_unique<Reader>();
    reader->subscriber = feed->Subscribe({}, std::nullopt);
    Reader* raw = reader.get();
    reader->subscriber->SetWake([raw] { raw->wakes.fetch_add(1); });
    readers.push_back(std::move(reader));
  }
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (auto& reader : readers) {
    threads.emplace_back([&, r = reader.get()] {
      int seen_wakes = 0;
      auto drain = [&] {
        for (;;) {
          auto batch = r->subscriber->Take();
          if (batch.resync) r->last = batch.resync_seq;
          for (const auto& entry : batch.entries) {
            r->ordered = r->ordered && entry->seq > r->last;
            r->last = entry->seq;
          }
          if (!batch.more) return;
        }
      };
      while (!done.load()) {
        int now = r->wakes.load();
        if (now != seen_wakes) {
          seen_wakes = now;
          drain();
        } else {
          std::this_thread::yield();
        }
      }
      drain();
    });
  }
  std::vector<std::thread> publishers;
  for (int p = 0; p < kPublishers; ++p) {
    publishers.emplace_back([&] {
      for (int i = 0; i < kPerPublisher; ++i) feed->Publish({Note("message")});
    });
  }
  for (auto& publisher : publishers) publisher.join();
  done.store(true);
  for (auto& thread : threads) thread.join();
  uint64_t newest = kBase + kPublishers * kPerPublisher;
  EXPECT_EQ(feed->newest_seq(), newest);
  for (const auto& reader : readers) {
    EXPECT_TRUE(reader->ordered);
    EXPECT_EQ(reader->last, newest);
  }
}

}  // namespace
}  // namespace socialite::live
