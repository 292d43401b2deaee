// ConnectionRegistry: the set of open HTTP connections of one server. The listener asks it how
// many are open (to enforce --max-connections); Stop() uses it to ask every connection to wind
// down and to learn when the last one has gone.
// Thread-safe: connections register and unregister from any io thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace socialite::net {

class ConnectionRegistry {
 public:
  // What a registered connection must offer the registry.
  class Connection {
   public:
    virtual ~Connection() = default;
    // Asks the connection to finish the response it is working on, if any, then close.
    // Called from any thread; must not block.
    virtual void Shutdown() = 0;
  };

  using Id = uint64_t;

  // REQUIRES: `connection` calls Remove(id) when it closes (typically from its destructor).
  Id Add(std::weak_ptr<Connection> connection);
  void Remove(Id id);
  size_t size() const;

  // True once ShutdownAll() was called: connections must not start reading another request.
  bool draining() const { return draining_.load(std::memory_order_acquire); }

  // Shuts every open connection down and calls `on_empty` exactly once, as soon as no
  // connection is left (possibly right away, on the calling thread).
  void ShutdownAll(std::function<void()> on_empty);

 private:
  // Calls on_empty_ if draining and empty, at most once. REQUIRES: mu_ not held.
  void NotifyIfDrained();

  mutable std::mutex mu_;
  std::unordered_map<Id, std::weak_ptr<Connection>> connections_;  // guarded by mu_
  Id next_id_ = 1;                                                 // guarded by mu_
  std::function<void()> on_empty_;                                 // guarded by mu_
  std::atomic<bool> draining_{false};
};

}  // namespace socialite::net
