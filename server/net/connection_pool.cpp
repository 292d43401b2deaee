#include "server/net/connection_pool.h"

#include <iterator>
#include <utility>

namespace socialite::net {

std::unique_ptr<HttpConnection> ConnectionPool::Take(const Origin& origin) {
  std::deque<Idle> stale;  // closed outside the lock
  std::unique_ptr<HttpConnection> found;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = idle_.find(origin.Key());
    if (it == idle_.end()) return nullptr;
    HttpClock::time_point oldest_allowed = HttpClock::now() - limits_.max_idle;
    std::deque<Idle>& idle = it->second;
    while (!idle.empty() && idle.front().since < oldest_allowed) {
      stale.push_back(std::move(idle.front()));
      idle.pop_front();
    }
    while (!found && !idle.empty()) {
      Idle newest = std::move(idle.back());
      idle.pop_back();
      if (newest.connection->LooksOpen()) {
        found = std::move(newest.connection);
      } else {
        stale.push_back(std::move(newest));
      }
    }
    if (idle.empty()) idle_.erase(it);
  }
  return found;
}

void ConnectionPool::Give(std::unique_ptr<HttpConnection> connection) {
  if (!connection || limits_.max_idle_per_origin == 0) return;
  std::deque<Idle> dropped;  // closed outside the lock
  std::lock_guard<std::mutex> lock(mu_);
  HttpClock::time_point now = HttpClock::now();
  // Origins no longer used must not keep their sockets open forever.
  for (auto it = idle_.begin(); it != idle_.end();) {
    while (!it->second.empty() && it->second.front().since < now - limits_.max_idle) {
      dropped.push_back(std::move(it->second.front()));
      it->second.pop_front();
    }
    it = it->second.empty() ? idle_.erase(it) : std::next(it);
  }
  std::deque<Idle>& idle = idle_[connection->origin().Key()];
  idle.push_back({std::move(connection), now});
  if (idle.size() > limits_.max_idle_per_origin) {
    dropped.push_back(std::move(idle.front()));
    idle.pop_front();
  }
}

size_t ConnectionPool::IdleCount() {
  std::lock_guard<std::mutex> lock(mu_);
  size_t count = 0;
  for (const auto& [key, idle] : idle_) count += idle.size();
  return count;
}

}  // namespace socialite::net
