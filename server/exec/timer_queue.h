// TimerQueue: runs callbacks after a delay on one thread of its own (injected latency), so a
// delayed request holds no io thread and no lock while it waits. The callbacks must be quick
// (they hand the request on). Bounded: past `capacity` pending timers, RunAfter refuses.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace socialite::exec {

class TimerQueue {
 public:
  explicit TimerQueue(size_t capacity = 8192);
  ~TimerQueue();  // Stop()
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // False when full or stopped (`callback` is then not kept).
  bool RunAfter(std::chrono::milliseconds delay, std::function<void()> callback);
  // Runs every pending callback now (a stopping server answers its delayed requests at once),
  // then ends the thread. Idempotent; safe from any thread.
  void Stop();

 private:
  void Loop();

  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> pending_;
  bool stopping_ = false;
  std::mutex join_mutex_;
  std::thread thread_;
};

}  // namespace socialite::exec
