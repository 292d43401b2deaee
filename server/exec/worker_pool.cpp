#include "server/exec/worker_pool.h"

#include <exception>
#include <iostream>

namespace socialite::exec {

WorkerPool::WorkerPool(int threads, size_t capacity) : queue_(capacity) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      std::vector<std::function<void()>> work;
      while (queue_.PopBatch(work, 1)) {
        try {
          work.front()();
        } catch (const std::exception& e) {
          std::cerr << "socialite: unexpected error in a worker: " << e.what() << std::endl;
        }
      }
    });
  }
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::Post(std::function<void()> work) { return queue_.Push(std::move(work)); }

void WorkerPool::Stop() {
  queue_.Close();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace socialite::exec
