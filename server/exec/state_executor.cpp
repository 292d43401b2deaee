#include "server/exec/state_executor.h"

#include <future>
#include <memory>

#include "server/handlers/store_errors.h"

namespace socialite::exec {
namespace {

ApiError QueueFull() {
  return {ErrorCode::kThrottledRequest, "The server is busy; retry the request"};
}

}  // namespace

Result<std::unique_ptr<StateExecutor>> StateExecutor::Start(Services& write, int readers) {
  const std::string path = write.db.path();
  std::unique_ptr<StateExecutor> executor(new StateExecutor(write));
  if (path == ":memory:" || path.empty()) readers = 0;
  std::vector<Services> bound;
  for (int i = 0; i < readers; ++i) {
    auto connection = storage::Database::OpenReader(path);
    if (!connection.ok()) return StorageFailure(connection.error());
    executor->reader_connections_.push_back(std::move(connection).value());
    Services reader = BindServices(write, *executor->reader_connections_.back());
    reader.read_only = true;
    reader.notify_events = nullptr;
    bound.push_back(std::move(reader));
  }
  if (!bound.empty()) executor->readers_ = std::make_unique<ReaderPool>(std::move(bound));
  return executor;
}

StateExecutor::~StateExecutor() { Stop(); }

void StateExecutor::Stop() {
  if (readers_) readers_->Stop();
  writer_.Stop();
}

bool StateExecutor::SubmitWrite(StateJob job, Completion done) {
  return writer_.Submit(std::move(job), std::move(done));
}

bool StateExecutor::SubmitRead(StateJob job, Completion done) {
  if (!readers_) return writer_.Submit(std::move(job), std::move(done));
  // The job is kept once, for the reader and for a retry on the writer, not copied per request.
  auto shared = std::make_shared<const StateJob>(std::move(job));
  return readers_->Submit([shared](Services& services) { return (*shared)(services); },
                          [this, shared, done = std::move(done)](Status status) {
                            if (status.ok() || status.error().code != ErrorCode::kNeedsWriter) {
                              return done(std::move(status));
                            }
                            if (!writer_.Submit(*shared, done)) done(QueueFull());
                          });
}

Status StateExecutor::Write(StateJob job) { return Wait(true, std::move(job)); }
Status StateExecutor::Read(StateJob job) { return Wait(false, std::move(job)); }

Status StateExecutor::Wait(bool write, StateJob job) {
  // A job already on the writer that needs more state runs it in place (waiting would
  // deadlock the writer on itself).
  if (writer_.OnWriterThread()) return writer_.RunNested(job);
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> result = promise->get_future();
  Completion done = [promise](Status status) { promise->set_value(std::move(status)); };
  bool queued = write ? SubmitWrite(std::move(job), done) : SubmitRead(std::move(job), done);
  if (!queued) return QueueFull();
  return result.get();
}

}  // namespace socialite::exec
