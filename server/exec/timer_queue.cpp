#include "server/exec/timer_queue.h"

#include <utility>
#include <vector>

namespace socialite::exec {

TimerQueue::TimerQueue(size_t capacity) : capacity_(capacity) {
  thread_ = std::thread([this] { Loop(); });
}

TimerQueue::~TimerQueue() { Stop(); }

bool TimerQueue::RunAfter(std::chrono::milliseconds delay, std::function<void()> callback) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || pending_.size() >= capacity_) return false;
    pending_.emplace(std::chrono::steady_clock::now() + delay, std::move(callback));
  }
  changed_.notify_one();
  return true;
}

void TimerQueue::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  std::lock_guard<std::mutex> joining(join_mutex_);  // Stop may come from two threads
  if (thread_.joinable()) thread_.join();
}

void TimerQueue::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (stopping_ && pending_.empty()) return;
    auto now = std::chrono::steady_clock::now();
    std::vector<std::function<void()>> due;
    while (!pending_.empty() && (stopping_ || pending_.begin()->first <= now)) {
      due.push_back(std::move(pending_.begin()->second));
      pending_.erase(pending_.begin());
    }
    if (!due.empty()) {
      lock.unlock();  // callbacks run without the lock: they may add timers
      for (auto& callback : due) callback();
      lock.lock();
      continue;
    }
    if (pending_.empty()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, pending_.begin()->first);
    }
  }
}

}  // namespace socialite::exec
