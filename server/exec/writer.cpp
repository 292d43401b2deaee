#include "server/exec/writer.h"

#include <pthread.h>

#include <exception>

#include "server/handlers/store_errors.h"
#include "server/live/batch_notices.h"
#include "storage/batch_transaction.h"
#include "storage/statement.h"

namespace socialite::exec {
namespace {

thread_local const Writer* current_writer = nullptr;

}  // namespace

Status RunGuarded(const StateJob& job, Services& services) {
  try {
    return job(services);
  } catch (const std::exception& e) {
    return InternalService(std::string("Internal error: ") + e.what());
  } catch (...) {
    return InternalService("Internal error");
  }
}

Writer::Writer(Services& services, size_t max_batch, size_t capacity)
    : services_(services), max_batch_(max_batch), queue_(capacity) {
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() { Stop(); }

bool Writer::Submit(StateJob job, Completion done) {
  return queue_.Push(Item{std::move(job), std::move(done)});
}

void Writer::Stop() {
  queue_.Close();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool Writer::OnWriterThread() const { return current_writer == this; }

Status Writer::RunNested(const StateJob& job) {
  Services& services = *batch_services_;
  storage::Transaction change(services.db);
  RETURN_IF_ERROR(FromStore(change.begin_status()));
  RETURN_IF_ERROR(RunGuarded(job, services));
  return FromStore(change.Commit());
}

void Writer::Loop() {
  current_writer = this;
  // Named, so that top -H and /proc/PID/task/*/comm show the writer's own CPU time.
  pthread_setname_np(pthread_self(), "writer");
  std::vector<Item> batch;
  while (queue_.PopBatch(batch, max_batch_)) RunBatch(batch);
}

void Writer::RunBatch(std::vector<Item>& batch) {
  // The jobs see the services as they are now, except that appending an event only notes it:
  // the dispatcher is nudged once the batch is committed (a claim it queued would wait for
  // this batch anyway; nudging on every commit would make its own writes nudge it again).
  Services services = services_;
  bool events_appended = false;
  services.notify_events = [&events_appended] { events_appended = true; };
  // Live-stream notices wait for the COMMIT too, and go with a job that rolls back.
  live::BatchNotices notices(services_.live);
  services.live = notices.sink();
  batch_services_ = &services;
  std::vector<Status> results(batch.size());
  size_t done_up_to = 0;  // jobs before this index have run in an earlier transaction
  bool changed = false;
  while (done_up_to < batch.size()) {
    storage::BatchTransaction txn(services.db);
    if (!txn.begin_status().ok()) {
      for (size_t i = done_up_to; i < batch.size(); ++i) {
        results[i] = StorageFailure(txn.begin_status().error());
      }
      break;
    }
    size_t first = done_up_to;
    size_t txn_notices = notices.Mark();
    bool lost = false;
    for (; done_up_to < batch.size() && !lost; ++done_up_to) {
      Status& result = results[done_up_to];
      size_t job_notices = notices.Mark();
      storage::Transaction change(services.db);  // a savepoint of the batch
      if (!change.begin_status().ok()) {
        result = FromStore(change.begin_status());
      } else {
        result = RunGuarded(batch[done_up_to].job, services);
        if (result.ok()) result = FromStore(change.Commit());
      }
      if (!result.ok()) notices.DropSince(job_notices);
      lost = txn.lost();
    }
    if (lost) {
      // SQLite dropped the whole transaction: every change made in it is gone.
      notices.DropSince(txn_notices);
      for (size_t i = first; i < done_up_to; ++i) {
        if (results[i].ok()) results[i] = InternalService("Storage failure: the change was lost");
      }
      continue;  // the rest start a new transaction
    }
    storage::StoreStatus committed = txn.Commit();
    if (committed.ok()) commits_.fetch_add(1);
    if (!committed.ok()) notices.DropSince(txn_notices);
    for (size_t i = first; i < done_up_to; ++i) {
      if (!results[i].ok()) continue;
      if (committed.ok()) {
        changed = true;
      } else {
        results[i] = StorageFailure(committed.error());
      }
    }
  }
  batch_services_ = nullptr;
  notices.Flush();  // before the answers: a client told "done" finds the notice in the feed
  if (changed && events_appended && services_.notify_events) services_.notify_events();
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].done) batch[i].done(std::move(results[i]));
  }
  // Only now the WAL restart, with its fdatasyncs: no answered request waits for it.
  services_.db.RunDeferredWork();
}

}  // namespace socialite::exec
