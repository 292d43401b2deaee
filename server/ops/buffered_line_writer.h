// BufferedLineWriter: whole lines onto an output stream, in order, batched so that a request
// does not pay a write(2): a background thread writes what is waiting at most `delay` after
// it arrived (sooner once `flush_bytes` wait). Urgent lines are written before returning,
// after everything appended before them. With a zero delay every line is written at once
// and no thread is started. Thread-safe; the destructor writes what is left.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

namespace socialite::ops {

class BufferedLineWriter {
 public:
  struct Limits {
    std::chrono::milliseconds delay{50};
    size_t flush_bytes = 64 * 1024;  // wake the writer early past this much
    size_t max_bytes = 1024 * 1024;  // past this the appending thread writes (back-pressure)
  };

  BufferedLineWriter(std::ostream& out, Limits limits);
  ~BufferedLineWriter();
  BufferedLineWriter(const BufferedLineWriter&) = delete;
  BufferedLineWriter& operator=(const BufferedLineWriter&) = delete;

  // Queues `line` plus a newline.
  void Append(std::string_view line);
  // Queues `line` plus a newline and writes everything queued before returning.
  void AppendNow(std::string_view line);
  // Writes everything queued so far.
  void Flush();

 private:
  void RunFlusher();

  std::ostream& out_;
  const Limits limits_;

  std::mutex mu_;  // guards pending_ and stopping_
  std::condition_variable wake_;
  std::string pending_;
  bool stopping_ = false;

  std::mutex write_mu_;  // one batch at a time reaches out_, so batches stay in order
  std::string writing_;  // the batch being written; its capacity is reused

  std::thread flusher_;
};

}  // namespace socialite::ops
