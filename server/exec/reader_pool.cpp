#include "server/exec/reader_pool.h"

#include "storage/request_transaction.h"

namespace socialite::exec {

ReaderPool::ReaderPool(std::vector<Services> connections, size_t capacity)
    : connections_(std::move(connections)), queue_(capacity) {
  threads_.reserve(connections_.size());
  for (Services& services : connections_) {
    threads_.emplace_back([this, &services] { Loop(services); });
  }
}

ReaderPool::~ReaderPool() { Stop(); }

bool ReaderPool::Submit(StateJob job, Completion done) {
  return queue_.Push(Item{std::move(job), std::move(done)});
}

void ReaderPool::Stop() {
  queue_.Close();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void ReaderPool::Loop(Services& services) {
  std::vector<Item> items;
  while (queue_.PopBatch(items, 1)) {
    Status status;
    {
      // One snapshot for the whole job, and one set of file locks instead of one per query.
      storage::RequestTransaction snapshot(services.db);
      status = RunGuarded(items.front().job, services);
    }
    if (items.front().done) items.front().done(std::move(status));
  }
}

}  // namespace socialite::exec
