// WorkerPool: a few threads for work that waits — an S3 endpoint, the manual clock's event
// run, a reset that cancels deliveries — so that neither an io thread nor the writer ever
// does. Bounded: a full queue refuses more work.
#pragma once

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

#include "server/exec/work_queue.h"

namespace socialite::exec {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t capacity);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False (not queued) when full or stopped.
  bool Post(std::function<void()> work);
  // Runs what is queued, then ends the threads.
  void Stop();

 private:
  WorkQueue<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace socialite::exec
