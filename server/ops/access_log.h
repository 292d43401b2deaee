// AccessLog: one JSON line per request on an output stream (stdout in the server), plus the
// startup banner and warnings, filtered by --log-level. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "server/ops/buffered_line_writer.h"

namespace socialite::ops {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
// "debug" | "info" | "warn" | "error"; unknown text means info.
LogLevel ParseLogLevel(const std::string& text);

// "2026-11-22T02:48:22.708Z": RFC 3339 in UTC with milliseconds, as the log and the journal
// write times.
std::string Rfc3339Millis(int64_t epoch_ms);

struct AccessRecord {
  int64_t time_ms = 0;
  std::string request_id;
  std::string method;
  std::string path;
  std::string operation;  // spec operation name, "admin", or "" when no route matched
  int status = 0;
  std::string error;  // the error's wire name (x-amzn-ErrorType), if any
  double latency_ms = 0;
  std::string account;
  std::string region;
};

class AccessLog {
 public:
  // With a `batch_delay`, request lines reach `out` in batches at most that much later (no
  // write per request); without one, each line is written as it is recorded.
  AccessLog(std::ostream& out, LogLevel level,
            std::chrono::milliseconds batch_delay = std::chrono::milliseconds(0))
      : level_(level), writer_(out, {.delay = batch_delay}) {}
  // Written at info (5xx answers at warn, so they show with --log-level warn too).
  void Record(const AccessRecord& record);
  // A free-form line {"time","level","msg"} when `level` passes the filter; written at once.
  void Write(LogLevel level, const std::string& message);
  // Writes the request lines still waiting in the batch.
  void Flush() { writer_.Flush(); }

  // The JSON line (without the newline) that Record writes for `record` at `level`.
  static std::string Format(const AccessRecord& record, LogLevel level);

 private:
  LogLevel level_;
  BufferedLineWriter writer_;
};

}  // namespace socialite::ops
