// The hub: notices that take effect later wait for the clock (manual: until RunDue; system:
// a thread publishes them on time), come before what is published after them, go with a reset,
// and a timeline that is full drops notices and makes readers resync.
#include "server/live/live_hub.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server/core/clock.h"
#include "server/live/batch_notices.h"
#include "server/live/notice_timeline.h"

namespace socialite::live {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr int64_t kStart = 1'800'000'000'000;

Notice At(std::string type, std::string data, std::optional<int64_t> at_ms = std::nullopt) {
  Notice notice;
  notice.type = std::move(type);
  notice.data = std::move(data);
  notice.at_ms = at_ms;
  return notice;
}

// The events and data of what `reader` can take now, as "type data" lines.
std::vector<std::string> Read(LiveFeed::Subscriber& reader) {
  std::vector<std::string> seen;
  auto batch = reader.Take();
  if (batch.resync) seen.push_back("resync");
  for (const auto& entry : batch.entries) {
    std::string frame = entry->frame;  // "event: T\ndata: D\n\n"
    size_t data = frame.find("\ndata: ");
    seen.push_back(frame.substr(7, data - 7) + " " +
                   frame.substr(data + 7, frame.size() - data - 9));
  }
  return seen;
}

TEST(NoticeTimelineTest, HandsOutDueNoticesInTimeThenAddedOrder) {
  NoticeTimeline timeline(1 << 20);
  timeline.Add(At("status", "read", kStart + 300));
  timeline.Add(At("status", "sent", kStart + 100));
  timeline.Add(At("status", "delivered", kStart + 200));
  timeline.Add(At("status", "sent-2", kStart + 100));
  EXPECT_EQ(timeline.next_ms(), kStart + 100);
  EXPECT_TRUE(timeline.TakeDue(kStart + 99).empty());
  std::vector<Notice> due = timeline.TakeDue(kStart + 200);
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].data, "sent");
  EXPECT_EQ(due[1].data, "sent-2");
  EXPECT_EQ(due[2].data, "delivered");
  EXPECT_EQ(timeline.size(), 1u);
  timeline.Clear();
  EXPECT_EQ(timeline.size(), 0u);
  EXPECT_EQ(timeline.bytes(), 0u);
  EXPECT_FALSE(timeline.next_ms().has_value());
}

TEST(NoticeTimelineTest, RefusesPastItsByteBound) {
  NoticeTimeline timeline(2000);
  int added = 0;
  while (timeline.Add(At("status", std::string(100, 'x'), kStart))) ++added;
  EXPECT_GT(added, 3);
  EXPECT_LE(timeline.bytes(), 2000u);
  timeline.TakeDue(kStart);
  EXPECT_EQ(timeline.bytes(), 0u);
  EXPECT_TRUE(timeline.Add(At("status", "again", kStart)));
}

TEST(LiveHubTest, ScheduledNoticesWaitForTheManualClocksAdvance) {
  ManualClock clock(kStart);
  LiveHub hub(clock, /*follow_clock=*/false, 0);
  hub.Activate();
  auto reader = hub.feed().Subscribe({}, std::nullopt);
  hub.PublishAll({At("message", "m"), At("status", "sent", kStart + 100),
                  At("status", "delivered", kStart + 500), At("status", "now", kStart)});
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"message m", "status now"}));
  EXPECT_EQ(hub.scheduled(), 2u);
  hub.RunDue();
  EXPECT_TRUE(Read(*reader).empty());
  clock.Advance(100);
  hub.RunDue();
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"status sent"}));
  clock.Advance(1000);
  // Due notices go before a notice about a message published after their time came...
  Notice about_message = At("event", "e");
  about_message.wamid = "wamid.1";
  hub.Publish(about_message);
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"status delivered", "event e"}));
  // ...while one about no message goes straight to the feed.
  hub.PublishAll({At("status", "read", kStart + 2000)});
  clock.Advance(1000);
  hub.Publish(At("request", "r"));
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"request r"}));
  hub.RunDue();
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"status read"}));
}

TEST(LiveHubTest, AResetDropsWhatWasScheduledBeforeIt) {
  ManualClock clock(kStart);
  LiveHub hub(clock, false, 0);
  hub.Activate();
  auto reader = hub.feed().Subscribe({}, std::nullopt);
  hub.PublishAll(
      {At("status", "old", kStart + 100), At("reset", "{}"), At("status", "new", kStart + 100)});
  clock.Advance(100);
  hub.RunDue();
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"reset {}", "status new"}));
}

TEST(LiveHubTest, AFullTimelineDropsAndReadersResync) {
  ManualClock clock(kStart);
  LiveLimits limits;
  limits.max_scheduled_bytes = 1000;
  LiveHub hub(clock, false, 0, limits);
  hub.Activate();
  auto reader = hub.feed().Subscribe({}, std::nullopt);
  std::vector<Notice> many;
  for (int i = 0; i < 20; ++i) many.push_back(At("status", "s", kStart + 10));
  hub.PublishAll(std::move(many));
  EXPECT_LT(hub.scheduled(), 20u);
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"resync"}));
}

TEST(LiveHubTest, TheTimerThreadPublishesOnTheSystemClock) {
  SystemClock clock;
  LiveHub hub(clock, /*follow_clock=*/true, 0);
  hub.Activate();
  auto reader = hub.feed().Subscribe({}, std::nullopt);
  int64_t now = clock.NowMillis();
  auto started = steady_clock::now();
  hub.PublishAll({At("status", "later", now + 150), At("status", "soon", now + 50)});
  std::vector<std::string> seen;
  while (seen.size() < 2 && steady_clock::now() - started < std::chrono::seconds(5)) {
    for (auto& line : Read(*reader)) {
      seen.push_back(line);
      if (line == "status soon") {
        EXPECT_GE(steady_clock::now() - started, milliseconds(40));
      }
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  auto took = steady_clock::now() - started;
  EXPECT_EQ(seen, (std::vector<std::string>{"status soon", "status later"}));
  EXPECT_GE(took, milliseconds(140));
  EXPECT_LT(took, milliseconds(1500));
  hub.Stop();
  EXPECT_TRUE(reader->Take().ended);
}

TEST(LiveHubTest, StopReturnsPromptlyWithNoticesStillScheduled) {
  SystemClock clock;
  auto hub = std::make_unique<LiveHub>(clock, true, 0);
  hub->Activate();
  hub->Publish(At("status", "far", clock.NowMillis() + 3'600'000));
  auto started = steady_clock::now();
  hub.reset();
  EXPECT_LT(steady_clock::now() - started, milliseconds(500));
}

TEST(LiveHubTest, DormantUntilActivatedAndMakesNoNoticeMeanwhile) {
  ManualClock clock(kStart);
  LiveHub hub(clock, false, 0);
  auto reader = hub.feed().Subscribe({}, std::nullopt);
  EXPECT_FALSE(hub.wanted());
  bool made = false;
  Publish(&hub, [&] {
    made = true;
    return At("message", "unseen");
  });
  hub.PublishAll({At("status", "unseen", kStart + 10)});  // a sink that did not ask
  EXPECT_FALSE(made);
  EXPECT_EQ(hub.scheduled(), 0u);
  EXPECT_TRUE(Read(*reader).empty());
  EXPECT_TRUE(hub.Activate());
  EXPECT_FALSE(hub.Activate());
  EXPECT_TRUE(hub.wanted());
  Publish(&hub, [] { return At("message", "seen"); });
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"message seen"}));
}

TEST(BatchNoticesTest, HoldsUntilFlushAndDropsWhatARollbackUndid) {
  ManualClock clock(kStart);
  LiveHub hub(clock, false, 0);
  hub.Activate();
  auto reader = hub.feed().Subscribe({}, std::nullopt);
  BatchNotices batch(&hub);
  ASSERT_EQ(batch.sink(), &batch);
  Publish(batch.sink(), [] { return At("message", "kept"); });
  size_t mark = batch.Mark();
  batch.PublishAll({At("message", "undone"), At("event", "undone")});
  batch.DropSince(mark);
  Publish(batch.sink(), [] { return At("inbound", "kept-too"); });
  EXPECT_TRUE(Read(*reader).empty());  // nothing before the flush
  batch.Flush();
  EXPECT_EQ(Read(*reader), (std::vector<std::string>{"message kept", "inbound kept-too"}));
  batch.Flush();
  EXPECT_TRUE(Read(*reader).empty());
  BatchNotices without(nullptr);
  EXPECT_EQ(without.sink(), nullptr);
}

}  // namespace
}  // namespace socialite::live
