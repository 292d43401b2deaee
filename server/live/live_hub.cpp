#include "server/live/live_hub.h"

#include <algorithm>
#include <utility>

namespace socialite::live {

LiveHub::LiveHub(const Clock& clock, bool follow_clock, uint64_t first_seq_floor, LiveLimits limits)
    : clock_(clock),
      limits_(limits),
      feed_(LiveFeed::Create(limits.feed, first_seq_floor)),
      timeline_(limits.max_scheduled_bytes) {
  if (follow_clock) timer_ = std::thread([this] { TimerLoop(); });
}

LiveHub::~LiveHub() { Stop(); }

void LiveHub::PublishAll(std::vector<Notice> notices) {
  std::lock_guard<std::mutex> lock(publish_mu_);
  int64_t now = clock_.NowMillis();
  std::optional<int64_t> next_before = timeline_.next_ms();
  std::vector<Notice> immediate;
  immediate.reserve(notices.size());
  bool dropped = false;
  for (Notice& notice : notices) {
    // What was scheduled before a reset belongs to the state it wiped.
    if (notice.type == "reset") timeline_.Clear();
    if (notice.at_ms && *notice.at_ms > now) {
      dropped = !timeline_.Add(std::move(notice)) || dropped;
    } else {
      immediate.push_back(std::move(notice));
    }
  }
  if (dropped) feed_->MarkGap();
  PublishInOrder(std::move(immediate));
  if (timer_.joinable() && timeline_.next_ms() != next_before) timer_cv_.notify_one();
}

void LiveHub::RunDue() {
  std::lock_guard<std::mutex> lock(publish_mu_);
  PublishInOrder({});
}

void LiveHub::PublishInOrder(std::vector<Notice> now) {
  std::vector<Notice> due = timeline_.TakeDue(clock_.NowMillis());
  if (due.empty()) {
    feed_->Publish(std::move(now));
    return;
  }
  due.insert(due.end(), std::make_move_iterator(now.begin()), std::make_move_iterator(now.end()));
  feed_->Publish(std::move(due));
}

void LiveHub::Stop() {
  {
    std::lock_guard<std::mutex> lock(publish_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  feed_->Close();
}

size_t LiveHub::scheduled() const {
  std::lock_guard<std::mutex> lock(publish_mu_);
  return timeline_.size();
}

void LiveHub::TimerLoop() {
  std::unique_lock<std::mutex> lock(publish_mu_);
  while (!stopping_) {
    std::optional<int64_t> next = timeline_.next_ms();
    if (!next) {
      timer_cv_.wait(lock);
      continue;
    }
    int64_t wait_ms = *next - clock_.NowMillis();
    if (wait_ms > 0) {
      timer_cv_.wait_for(lock, std::chrono::milliseconds(wait_ms));
      continue;
    }
    PublishInOrder({});
  }
}

}  // namespace socialite::live
