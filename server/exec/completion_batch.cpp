#include "server/exec/completion_batch.h"

#include <exception>
#include <utility>

namespace socialite::exec {
namespace {

thread_local CompletionBatch* open_batch = nullptr;

}  // namespace

CompletionBatch::CompletionBatch() : outer_(open_batch) { open_batch = this; }

CompletionBatch::~CompletionBatch() {
  Flush();
  open_batch = outer_;
}

bool CompletionBatch::IsOpen() { return open_batch != nullptr; }

bool CompletionBatch::Defer(Post post, std::function<void()> deliver) {
  CompletionBatch* batch = open_batch;
  if (batch == nullptr) return false;
  if (!batch->post_) batch->post_ = std::move(post);
  batch->delivers_.push_back(std::move(deliver));
  return true;
}

void CompletionBatch::Flush() {
  if (delivers_.empty()) return;
  Post post = std::move(post_);
  post_ = nullptr;
  post([delivers = std::exchange(delivers_, {})] {
    // One failing delivery must not strand the others' connections; the io loop reports it.
    std::exception_ptr failure;
    for (const std::function<void()>& deliver : delivers) {
      try {
        deliver();
      } catch (...) {
        if (!failure) failure = std::current_exception();
      }
    }
    if (failure) std::rethrow_exception(failure);
  });
}

}  // namespace socialite::exec
