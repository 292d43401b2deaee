// CompletionBatch: while one is open on a thread, the answers that thread hands to io threads
// are gathered and handed over in one post when it closes, instead of one post (and possibly
// one wake of an io thread) each. A reader that finished several requests opens one around
// their completions; an answer given where no batch is open goes out at once, as before.
#pragma once

#include <functional>
#include <vector>

namespace socialite::exec {

class CompletionBatch {
 public:
  // Runs `work` on an io thread (e.g. a post to a connection's strand).
  using Post = std::function<void(std::function<void()>)>;

  CompletionBatch();
  ~CompletionBatch();  // Flush()
  CompletionBatch(const CompletionBatch&) = delete;
  CompletionBatch& operator=(const CompletionBatch&) = delete;

  // True when a batch is open on the calling thread.
  static bool IsOpen();

  // With a batch open on the calling thread: keeps `deliver`, to run on an io thread reached
  // through `post` together with the rest of the batch, and returns true. Otherwise false
  // (nothing is kept; the caller posts it itself). `deliver` must be able to run on any io
  // thread (it typically dispatches to its connection's strand).
  static bool Defer(Post post, std::function<void()> deliver);

  // Hands what was gathered over now, in one post through the first one's `post`.
  void Flush();

 private:
  CompletionBatch* outer_;
  Post post_;
  std::vector<std::function<void()>> delivers_;
};

}  // namespace socialite::exec
