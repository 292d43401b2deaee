// NoticeTimeline: notices that take effect later on the simulation clock (statuses scheduled
// ahead of time), held until the clock gets there, in time order (ties in the order added).
// Bounded by the bytes it holds: past that, Add refuses. Not thread-safe (LiveHub guards it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

#include "server/live/notice.h"

namespace socialite::live {

class NoticeTimeline {
 public:
  explicit NoticeTimeline(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Holds `notice` until its at_ms (REQUIRES: set). False, and nothing held, when full.
  bool Add(Notice notice);
  // The notices due at `now_ms`, in time order, removed from the timeline.
  std::vector<Notice> TakeDue(int64_t now_ms);
  void Clear();

  // When the next notice falls due; nullopt when none waits.
  std::optional<int64_t> next_ms() const;
  size_t size() const { return queue_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  // Small, so that the heap moves little; the notice itself stays put.
  struct Scheduled {
    int64_t at_ms;
    uint64_t order;
    size_t bytes;
    std::unique_ptr<Notice> notice;
  };
  struct Later {
    bool operator()(const Scheduled& a, const Scheduled& b) const {
      return a.at_ms != b.at_ms ? a.at_ms > b.at_ms : a.order > b.order;
    }
  };

  const size_t max_bytes_;
  std::priority_queue<Scheduled, std::vector<Scheduled>, Later> queue_;
  size_t bytes_ = 0;
  uint64_t next_order_ = 0;
};

}  // namespace socialite::live
