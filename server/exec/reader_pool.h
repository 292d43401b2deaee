// ReaderPool: threads that each own one read-only connection and run read jobs on it, each job
// on one snapshot (a deferred transaction), in parallel with each other and with the writer.
// A reader takes its share of what is queued at once (at most `max_batch`): the jobs share one
// snapshot, begun after all of them were queued, and their answers go to the io threads together
// (exec/completion_batch.h).
#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include "server/exec/writer.h"

namespace socialite::exec {

class ReaderPool {
 public:
  // One thread per entry of `connections` (each bound to a read-only connection it then owns).
  explicit ReaderPool(std::vector<Services> connections, size_t capacity = 8192,
                      size_t max_batch = 16);
  ~ReaderPool();  // Stop()
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // Queues `job`; `done` runs on the reader's thread with the job's status, after the batch's
  // snapshot has ended. False (nothing queued) when the queue is full or stopped.
  bool Submit(StateJob job, Completion done);
  void Stop();
  size_t size() const { return threads_.size(); }

 private:
  struct Item {
    StateJob job;
    Completion done;
  };
  void Loop(Services& services);

  std::vector<Services> connections_;
  const size_t max_batch_;
  WorkQueue<Item> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace socialite::exec
