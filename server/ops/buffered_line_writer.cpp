#include "server/ops/buffered_line_writer.h"

namespace socialite::ops {

BufferedLineWriter::BufferedLineWriter(std::ostream& out, Limits limits)
    : out_(out), limits_(limits) {
  if (limits_.delay.count() > 0) flusher_ = std::thread([this] { RunFlusher(); });
}

BufferedLineWriter::~BufferedLineWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (flusher_.joinable()) flusher_.join();
  Flush();
}

void BufferedLineWriter::Append(std::string_view line) {
  if (!flusher_.joinable()) return AppendNow(line);
  bool wake = false;
  bool full = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    size_t before = pending_.size();
    pending_.append(line);
    pending_.push_back('\n');
    // Only the first line of a batch and crossing the threshold need the flusher's attention.
    wake = before == 0 || (before < limits_.flush_bytes && pending_.size() >= limits_.flush_bytes);
    full = pending_.size() >= limits_.max_bytes;
  }
  if (full) return Flush();  // the stream is not keeping up: the caller waits, as unbuffered
  if (wake) wake_.notify_one();
}

void BufferedLineWriter::AppendNow(std::string_view line) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.append(line);
    pending_.push_back('\n');
  }
  Flush();
}

void BufferedLineWriter::Flush() {
  std::lock_guard<std::mutex> writing(write_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pending_.empty()) return;
    writing_.swap(pending_);
  }
  out_.write(writing_.data(), static_cast<std::streamsize>(writing_.size()));
  out_.flush();
  writing_.clear();
}

void BufferedLineWriter::RunFlusher() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    // Let the batch gather for the delay unless it is already large.
    wake_.wait_for(lock, limits_.delay,
                   [this] { return stopping_ || pending_.size() >= limits_.flush_bytes; });
    if (stopping_) return;
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace socialite::ops
