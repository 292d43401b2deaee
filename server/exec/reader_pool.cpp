#include "server/exec/reader_pool.h"

#include <sqlite3.h>

#include <optional>

#include "server/exec/completion_batch.h"
#include "storage/request_transaction.h"

namespace socialite::exec {

ReaderPool::ReaderPool(std::vector<Services> connections, size_t capacity, size_t max_batch)
    : connections_(std::move(connections)), max_batch_(max_batch), queue_(capacity) {
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
  std::vector<Status> statuses;
  // Each wake takes this reader's share of what is queued, so a burst costs one wake, one
  // snapshot and one hand-over to the io threads instead of one of each per request.
  while (queue_.PopShare(items, max_batch_, connections_.size())) {
    statuses.clear();
    {
      // One snapshot (a deferred transaction: taken by the first query, after every job here
      // was queued, so each sees what was committed before it arrived), and one set of file
      // locks for the whole batch instead of one per query.
      std::optional<storage::RequestTransaction> snapshot;
      for (Item& item : items) {
        // A job whose failure ended the transaction leaves the next ones a fresh one.
        if (!snapshot || sqlite3_get_autocommit(services.db.handle()) != 0) {
          snapshot.reset();
          snapshot.emplace(services.db);
        }
        statuses.push_back(RunGuarded(item.job, services));
      }
    }
    CompletionBatch answers;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].done) items[i].done(std::move(statuses[i]));
    }
  }
}

}  // namespace socialite::exec
