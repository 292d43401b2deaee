// Writer: the one thread that changes the database, on the one write connection. It takes
// every job queued while it was busy and runs them in one transaction (group commit): each job
// in a savepoint of its own, so a failing job undoes only itself; each job's completion runs
// after the COMMIT that holds it (or with the storage error that prevented it). A batch that
// appended events nudges the event dispatcher after its COMMIT.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "server/exec/state_access.h"
#include "server/exec/work_queue.h"

namespace socialite::exec {

using Completion = std::function<void(Status)>;

class Writer {
 public:
  // `services` is bound to the write connection, which the writer's thread owns from now on
  // (changes to `services` itself apply to the next job). It must outlive the writer.
  explicit Writer(Services& services, size_t max_batch = 64, size_t capacity = 8192);
  ~Writer();  // Stop()
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues `job`; `done` runs on the writer's thread once the job's batch has committed.
  // False (nothing queued, `done` not called) when the queue is full or stopped.
  bool Submit(StateJob job, Completion done);
  // Runs what is queued, then ends the thread. Idempotent.
  void Stop();
  // True on the writer's own thread (a job that needs another write runs it inline).
  bool OnWriterThread() const;
  // Runs `job` at once in a savepoint of the current batch. REQUIRES: OnWriterThread().
  Status RunNested(const StateJob& job);
  // Transactions committed so far (each holds one batch): jobs per commit shows group commit.
  uint64_t commits() const { return commits_.load(); }

 private:
  struct Item {
    StateJob job;
    Completion done;
  };
  void Loop();
  void RunBatch(std::vector<Item>& batch);

  Services& services_;
  const size_t max_batch_;
  WorkQueue<Item> queue_;
  std::atomic<uint64_t> commits_{0};
  Services* batch_services_ = nullptr;  // what the running batch's jobs see (writer thread only)
  std::thread thread_;
};

// Runs `job` on `services`, turning an exception into an InternalServiceException: a bug costs
// one request, never a thread.
Status RunGuarded(const StateJob& job, Services& services);

}  // namespace socialite::exec
