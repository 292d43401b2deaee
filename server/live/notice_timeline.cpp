#include "server/live/notice_timeline.h"

#include <utility>

namespace socialite::live {
namespace {

// What one held notice costs, roughly: its text and the bookkeeping around it.
size_t CostOf(const Notice& notice) {
  return sizeof(Notice) + 32 + notice.type.size() + notice.data.size() +
         notice.phone_number_id.size() + notice.wamid.size();
}

}  // namespace

bool NoticeTimeline::Add(Notice notice) {
  size_t cost = CostOf(notice);
  if (bytes_ + cost > max_bytes_) return false;
  bytes_ += cost;
  int64_t at_ms = notice.at_ms.value_or(0);
  queue_.push(Scheduled{at_ms, next_order_++, cost, std::make_unique<Notice>(std::move(notice))});
  return true;
}

std::vector<Notice> NoticeTimeline::TakeDue(int64_t now_ms) {
  std::vector<Notice> due;
  while (!queue_.empty() && queue_.top().at_ms <= now_ms) {
    const Scheduled& top = queue_.top();
    bytes_ -= top.bytes;
    due.push_back(std::move(*top.notice));  // the pointer is const, not what it points to
    queue_.pop();
  }
  return due;
}

void NoticeTimeline::Clear() {
  queue_ = {};
  bytes_ = 0;
}

std::optional<int64_t> NoticeTimeline::next_ms() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.top().at_ms;
}

}  // namespace socialite::live
