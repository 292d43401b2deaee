// Batched log lines: whole, in order, on time, and all written by the destructor.
#include "server/ops/buffered_line_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace socialite::ops {
namespace {

using std::chrono::milliseconds;

// An ostringstream whose contents can be read while another thread writes to it.
class GuardedStream : public std::ostream {
 public:
  GuardedStream() : std::ostream(&buffer_) {}
  std::string Text() {
    std::lock_guard<std::mutex> lock(buffer_.mu);
    return buffer_.str();
  }

 private:
  struct Buffer : std::stringbuf {
    std::mutex mu;
    std::streamsize xsputn(const char* s, std::streamsize n) override {
      std::lock_guard<std::mutex> lock(mu);
      return std::stringbuf::xsputn(s, n);
    }
  };
  Buffer buffer_;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool WaitFor(GuardedStream& out, const std::string& text, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (out.Text() == text) return true;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return out.Text() == text;
}

TEST(BufferedLineWriterTest, WithoutADelayEveryLineIsWrittenAtOnce) {
  std::ostringstream out;
  BufferedLineWriter writer(out, {.delay = milliseconds(0)});
  writer.Append("one");
  EXPECT_EQ(out.str(), "one\n");
  writer.AppendNow("two");
  EXPECT_EQ(out.str(), "one\ntwo\n");
}

TEST(BufferedLineWriterTest, BatchedLinesArriveAfterTheDelay) {
  GuardedStream out;
  BufferedLineWriter writer(out, {.delay = milliseconds(30)});
  writer.Append("one");
  writer.Append("two");
  EXPECT_EQ(out.Text(), "");  // not yet: the batch gathers for the delay
  EXPECT_TRUE(WaitFor(out, "one\ntwo\n", milliseconds(2000))) << out.Text();
}

TEST(BufferedLineWriterTest, UrgentLinesFlushEverythingBeforeThem) {
  GuardedStream out;
  BufferedLineWriter writer(out, {.delay = milliseconds(10000)});
  writer.Append("request");
  writer.AppendNow("warning");
  EXPECT_EQ(out.Text(), "request\nwarning\n");
}

TEST(BufferedLineWriterTest, ALargeBatchIsWrittenBeforeTheDelay) {
  GuardedStream out;
  BufferedLineWriter writer(out, {.delay = milliseconds(10000), .flush_bytes = 16});
  writer.Append("0123456789");
  writer.Append("0123456789");
  EXPECT_TRUE(WaitFor(out, "0123456789\n0123456789\n", milliseconds(2000))) << out.Text();
}

TEST(BufferedLineWriterTest, PastTheCapTheCallerWrites) {
  GuardedStream out;
  BufferedLineWriter writer(out, {.delay = milliseconds(10000), .max_bytes = 8});
  writer.Append("0123456789");
  EXPECT_EQ(out.Text(), "0123456789\n");
}

TEST(BufferedLineWriterTest, TheDestructorWritesWhatIsLeft) {
  GuardedStream out;
  {
    BufferedLineWriter writer(out, {.delay = milliseconds(10000)});
    writer.Append("last words");
  }
  EXPECT_EQ(out.Text(), "last words\n");
}

TEST(BufferedLineWriterTest, ConcurrentLinesStayWholeAndInOrderPerThread) {
  GuardedStream out;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  {
    BufferedLineWriter writer(out, {.delay = milliseconds(1), .flush_bytes = 4096});
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, t] {
        for (int i = 0; i < kPerThread; ++i) {
          std::string line = "thread-" + std::to_string(t) + " line-" + std::to_string(i);
          if (i % 500 == 0) {
            writer.AppendNow(line);
          } else {
            writer.Append(line);
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  std::vector<std::string> lines = Lines(out.Text());
  ASSERT_EQ(lines.size(), static_cast<size_t>(kThreads * kPerThread));
  std::vector<int> next(kThreads, 0);
  for (const auto& line : lines) {
    int thread = 0;
    int index = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "thread-%d line-%d", &thread, &index), 2) << line;
    ASSERT_EQ(index, next[thread]) << line;
    ++next[thread];
  }
}

}  // namespace
}  // namespace socialite::ops
