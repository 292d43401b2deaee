// StateExecutor: who owns the database connections. The writer's thread owns the one write
// connection (group commit, exec/writer.h); each reader thread owns a read-only connection
// (exec/reader_pool.h). Request handlers and admin endpoints are queued to one or the other;
// everything else (event dispatcher, blocking admin endpoints, staged handlers) goes through
// the blocking StateAccess calls from threads of its own.
#pragma once

#include <memory>
#include <vector>

#include "server/exec/reader_pool.h"
#include "server/exec/state_access.h"
#include "server/exec/writer.h"
#include "storage/database.h"

namespace socialite::exec {

class StateExecutor : public StateAccess {
 public:
  // `write` is bound to the open, migrated write connection, and must outlive the executor.
  // `readers` read-only connections are opened on the same file; a ":memory:" database has none
  // (every connection to it would be a database of its own), and its reads run on the writer.
  static Result<std::unique_ptr<StateExecutor>> Start(Services& write, int readers);
  ~StateExecutor() override;

  // Queue a job; `done` runs on the executing thread (after the COMMIT, for writes). False
  // when the queue is full or stopped: nothing was queued.
  bool SubmitWrite(StateJob job, Completion done);
  // A read job that finds it must change something first (work that fell due, such as a
  // template review) returns NeedsWriter(), and is run again on the writer.
  bool SubmitRead(StateJob job, Completion done);

  Status Write(StateJob job) override;
  Status Read(StateJob job) override;

  // Ends the readers, then the writer (after it has run what is queued).
  void Stop();
  size_t readers() const { return readers_ ? readers_->size() : 0; }
  uint64_t commits() const { return writer_.commits(); }

 private:
  explicit StateExecutor(Services& write) : writer_(write) {}
  Status Wait(bool write, StateJob job);

  std::vector<std::unique_ptr<storage::Database>> reader_connections_;
  std::unique_ptr<ReaderPool> readers_;
  Writer writer_;
};

}  // namespace socialite::exec
