#include "server/net/connection_registry.h"

#include <utility>
#include <vector>

namespace socialite::net {

ConnectionRegistry::Id ConnectionRegistry::Add(std::weak_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  Id id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void ConnectionRegistry::Remove(Id id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    connections_.erase(id);
  }
  NotifyIfDrained();
}

size_t ConnectionRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return connections_.size();
}

void ConnectionRegistry::ShutdownAll(std::function<void()> on_empty) {
  std::vector<std::weak_ptr<Connection>> open;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (draining_.exchange(true, std::memory_order_acq_rel)) return;
    on_empty_ = std::move(on_empty);
    for (const auto& [id, connection] : connections_) open.push_back(connection);
  }
  // Called without the lock: a connection may unregister (and so re-enter) meanwhile.
  for (const auto& weak : open) {
    if (std::shared_ptr<Connection> connection = weak.lock()) connection->Shutdown();
  }
  NotifyIfDrained();
}

void ConnectionRegistry::NotifyIfDrained() {
  std::function<void()> on_empty;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!draining_.load(std::memory_order_acquire) || !connections_.empty() || !on_empty_) {
      return;
    }
    on_empty = std::move(on_empty_);
    on_empty_ = nullptr;
  }
  on_empty();
}

}  // namespace socialite::net
