// ConnectionPool: idle keep-alive connections per origin (scheme://host:port), bounded in
// number and in idle time. A connection is either lent to one caller or idle here, never
// both; the pool itself is thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/net/http_connection.h"

namespace socialite::net {

struct PoolLimits {
  size_t max_idle_per_origin = 4;
  // Below the common server-side keep-alive timeouts (Node: 5 s) so that a reused connection
  // is rarely one the server is closing at that very moment.
  std::chrono::milliseconds max_idle{4000};
};

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolLimits limits = {}) : limits_(limits) {}

  // The most recently returned idle connection to `origin` that is still open, or null.
  std::unique_ptr<HttpConnection> Take(const Origin& origin);
  // Keeps `connection` for reuse, dropping the oldest idle one beyond the bound.
  void Give(std::unique_ptr<HttpConnection> connection);

  size_t IdleCount();

 private:
  struct Idle {
    std::unique_ptr<HttpConnection> connection;
    HttpClock::time_point since;
  };

  const PoolLimits limits_;
  std::mutex mu_;
  std::map<std::string, std::deque<Idle>> idle_;  // guarded by mu_; newest at the back
};

}  // namespace socialite::net
