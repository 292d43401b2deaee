// Delayed callbacks run in due order on the timer thread, and a stop answers them at once.
#include "server/exec/timer_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <vector>

#include "server/exec/work_queue.h"
#include "server/exec/worker_pool.h"

namespace socialite::exec {
namespace {

using std::chrono::milliseconds;

TEST(TimerQueueTest, CallbacksRunInDueOrderAfterTheirDelay) {
  TimerQueue timers;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> all;
  auto start = std::chrono::steady_clock::now();
  auto add = [&](int id) {
    std::lock_guard<std::mutex> lock(mutex);
    order.push_back(id);
    if (order.size() == 3) all.set_value();
  };
  ASSERT_TRUE(timers.RunAfter(milliseconds(60), [&] { add(3); }));
  ASSERT_TRUE(timers.RunAfter(milliseconds(20), [&] { add(1); }));
  ASSERT_TRUE(timers.RunAfter(milliseconds(40), [&] { add(2); }));
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(60));
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(TimerQueueTest, StopRunsWhatIsPendingAtOnceAndRefusesMore) {
  TimerQueue timers;
  bool ran = false;
  ASSERT_TRUE(timers.RunAfter(std::chrono::hours(1), [&] { ran = true; }));
  auto start = std::chrono::steady_clock::now();
  timers.Stop();
  EXPECT_TRUE(ran);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_FALSE(timers.RunAfter(milliseconds(1), [] {}));
}

TEST(TimerQueueTest, IsBounded) {
  TimerQueue timers(2);
  EXPECT_TRUE(timers.RunAfter(std::chrono::hours(1), [] {}));
  EXPECT_TRUE(timers.RunAfter(std::chrono::hours(1), [] {}));
  EXPECT_FALSE(timers.RunAfter(std::chrono::hours(1), [] {}));
}

TEST(WorkQueueTest, RefusesWhenFullOrClosedAndHandsOutWhatIsQueued) {
  WorkQueue<int> queue(2);
  EXPECT_TRUE(queue.Push(1));
  EXPECT_TRUE(queue.Push(2));
  EXPECT_FALSE(queue.Push(3));
  queue.Close();
  EXPECT_FALSE(queue.Push(4));
  std::vector<int> out;
  EXPECT_TRUE(queue.PopBatch(out, 10));
  EXPECT_EQ(out, (std::vector<int>{1, 2}));
  EXPECT_FALSE(queue.PopBatch(out, 10));
}

TEST(WorkerPoolTest, RunsWorkOnItsThreadsAndFinishesTheQueueOnStop) {
  WorkerPool pool(2, 100);
  std::atomic<int> done{0};
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.Post([&] { ++done; }));
  pool.Stop();
  EXPECT_EQ(done.load(), 50);
  EXPECT_FALSE(pool.Post([] {}));
}

}  // namespace
}  // namespace socialite::exec
