#include "server/live/live_hub.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace socialite::live {
namespace {

// The timer thread publishes what fell due at most this often: the notices of many
// messages go in one publish, and a busy server's writer publishes them first anyway.
constexpr int64_t kTimerTickMs = 20;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

}  // namespace

LiveHub::LiveHub(const Clock& clock, bool follow_clock, uint64_t first_seq_floor, LiveLimits limits)
    : clock_(clock),
      follow_clock_(follow_clock),
      limits_(limits),
      feed_(LiveFeed::Create(limits.feed, first_seq_floor)),
      timeline_(limits.max_scheduled_bytes),
      timer_wakes_at_ms_(kNever) {
  if (follow_clock) timer_ = std::thread([this] { TimerLoop(); });
}

LiveHub::~LiveHub() { Stop(); }

bool LiveHub::Unordered(const std::vector<Notice>& notices) {
  for (const Notice& notice : notices) {
    if (notice.at_ms || !notice.wamid.empty() || notice.type == "reset") return false;
  }
  return true;
}

void LiveHub::PublishAll(std::vector<Notice> notices) {
  if (!wanted()) return;
  // API requests and the like go straight to the feed, without waiting for the order lock.
  if (Unordered(notices)) return feed_->Publish(std::move(notices));
  std::lock_guard<std::mutex> lock(publish_mu_);
  int64_t now = clock_.NowMillis();
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
  // The timer sleeps on unless something now falls due well before it looks again.
  std::optional<int64_t> next = timeline_.next_ms();
  if (follow_clock_ && next && *next + kTimerTickMs < timer_wakes_at_ms_) {
    timer_cv_.notify_one();
  }
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
    PublishInOrder({});
    std::optional<int64_t> next = timeline_.next_ms();
    if (!next) {
      timer_wakes_at_ms_ = kNever;
      timer_cv_.wait(lock);
      continue;
    }
    // Not sooner than a tick from now: what falls due meanwhile goes out together.
    int64_t now = clock_.NowMillis();
    timer_wakes_at_ms_ = std::max(*next, now + kTimerTickMs);
    timer_cv_.wait_for(lock, std::chrono::milliseconds(timer_wakes_at_ms_ - now));
  }
}

}  // namespace socialite::live
