// WorkQueue: a bounded multi-producer queue that worker threads block on. Push never blocks:
// a full or closed queue refuses the item, so a flood of requests turns into quick
// "throttled" answers instead of unbounded memory.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

namespace socialite::exec {

template <typename T>
class WorkQueue {
 public:
  explicit WorkQueue(size_t capacity) : capacity_(capacity) {}

  // False when the queue is full or closed (the item is not taken).
  bool Push(T&& item) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_ || items_.size() >= capacity_) return false;
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
    return true;
  }

  // Waits for at least one item, then moves up to `max` of them into `out` (cleared first).
  // False once the queue is closed and empty.
  bool PopBatch(std::vector<T>& out, size_t max) {
    out.clear();
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return !out.empty();
  }

  // As PopBatch, but takes at most a `sharers`-th of what is queued (rounded up): consumers
  // woken by a burst split it instead of the first one taking it all.
  bool PopShare(std::vector<T>& out, size_t max, size_t sharers) {
    out.clear();
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
    sharers = sharers == 0 ? 1 : sharers;
    size_t share = (items_.size() + sharers - 1) / sharers;
    while (!items_.empty() && out.size() < max && out.size() < share) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return !out.empty();
  }

  // Refuses further items; what is queued is still handed out.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace socialite::exec
