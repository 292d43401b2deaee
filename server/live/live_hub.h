// LiveHub: what the App owns for the live stream — the feed (ring and subscribers) and the
// timeline of notices that take effect later on the simulation clock, with the one thread that
// publishes those when the system clock gets there (under --clock manual, RunDue does, when
// the clock is advanced). Publishers reach it as a NoticeSink (Services::live).
//
// Dormant until the first stream opens: until then it wants no notices, so a server nobody
// watches makes none. Whoever activates it loads the statuses still to happen into it (the
// stream endpoint does, on the writer, so that no change falls between the two).
//
// Order: publishing is serialized, and whatever the timeline holds that is due goes first, so
// a message's statuses come in time order and after the message.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/core/clock.h"
#include "server/live/live_feed.h"
#include "server/live/notice_timeline.h"

namespace socialite::live {

struct LiveLimits {
  FeedLimits feed;
  // Scheduled notices held at most (about 2,000 bytes hold four statuses); past that they are
  // dropped and every reader resyncs.
  size_t max_scheduled_bytes = 16 * 1024 * 1024;
  std::chrono::milliseconds keep_alive{15000};
};

class LiveHub : public NoticeSink {
 public:
  // `follow_clock`: a thread publishes scheduled notices as `clock` reaches them (for a clock
  // that moves by itself). Sequence numbers start above `first_seq_floor` (e.g. the start time
  // in microseconds, so that a reader's id from an earlier run is never taken for a new one).
  LiveHub(const Clock& clock, bool follow_clock, uint64_t first_seq_floor, LiveLimits limits = {});
  ~LiveHub() override;  // Stop()
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  bool wanted() const override { return active_.load(std::memory_order_acquire); }
  // Starts wanting notices; true for the call that woke the hub.
  bool Activate() { return !active_.exchange(true, std::memory_order_acq_rel); }

  // Notices with an at_ms after the clock's now wait in the timeline; a `reset` notice first
  // drops everything the timeline holds. Ignored while dormant.
  void PublishAll(std::vector<Notice> notices) override;
  // Publishes what the timeline holds that is due now (after a manual clock advance).
  void RunDue();
  // Ends the thread and every stream. Idempotent.
  void Stop();

  LiveFeed& feed() { return *feed_; }
  const std::shared_ptr<LiveFeed>& shared_feed() const { return feed_; }
  std::chrono::milliseconds keep_alive() const { return limits_.keep_alive; }
  size_t scheduled() const;

 private:
  // Publishes the timeline's due notices, then `now` (REQUIRES: publish_mu_ held).
  void PublishInOrder(std::vector<Notice> now);
  // Whether none of `notices` needs ordering against the timeline: none is about a message
  // or scheduled, and none is a reset.
  static bool Unordered(const std::vector<Notice>& notices);
  void TimerLoop();

  const Clock& clock_;
  const bool follow_clock_;
  const LiveLimits limits_;
  const std::shared_ptr<LiveFeed> feed_;
  std::atomic<bool> active_{false};
  // Held across a publish so that notices reach the feed in the order decided (it guards
  // timeline_; the feed's own lock is taken inside it).
  mutable std::mutex publish_mu_;
  NoticeTimeline timeline_;
  std::condition_variable timer_cv_;  // something falls due before the timer wakes, or stopping
  // Guarded by publish_mu_.
  bool stopping_ = false;
  int64_t timer_wakes_at_ms_;  // when the timer thread looks next (max: when notified)
  std::thread timer_;
};

}  // namespace socialite::live
