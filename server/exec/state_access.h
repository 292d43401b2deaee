// StateAccess: how code that runs outside a request (the event dispatcher, the admin API's
// blocking endpoints, staged handlers) reads and changes state. Writes go to the one writer
// (they join its next group commit); reads run on a read-only snapshot. Both block the
// calling thread until the job has run (and, for Write, is committed), so they must never be
// called from an io thread.
//
// The `Services&` a job receives is bound to the connection the job runs on; it must not be
// kept after the job returns.
#pragma once

#include <functional>
#include <mutex>

#include "server/core/result.h"
#include "server/handlers/request_context.h"

namespace socialite::exec {

using StateJob = std::function<Status(Services&)>;

class StateAccess {
 public:
  virtual ~StateAccess() = default;
  // Runs `job` in the writer's transaction (in a savepoint of its own: a failing job leaves
  // nothing behind and does not disturb others) and returns once it is committed. A failed
  // COMMIT turns a successful job's status into a storage error.
  virtual Status Write(StateJob job) = 0;
  // Runs `job` on one read snapshot.
  virtual Status Read(StateJob job) = 0;
};

// Runs every job on the calling thread, on one connection, one at a time under `mutex` (which
// a test may also take to look at the database). For unit tests; the server uses the writer
// and the reader pool (exec/state_executor.h).
class InlineStateAccess : public StateAccess {
 public:
  explicit InlineStateAccess(Services& services) : services_(services), mutex_(own_mutex_) {}
  // Serialized by `mutex` instead, a lock that other code holds around its own database work.
  InlineStateAccess(Services& services, std::mutex& mutex) : services_(services), mutex_(mutex) {}
  Status Write(StateJob job) override;
  Status Read(StateJob job) override;

 private:
  Services& services_;
  std::mutex own_mutex_;
  std::mutex& mutex_;
};

}  // namespace socialite::exec
