#include "server/ops/access_log.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "server/core/json_line.h"

namespace socialite::ops {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

int64_t SystemNowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LogLevel ParseLogLevel(const std::string& text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "warn" || lower == "warning") return LogLevel::kWarn;
  if (lower == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

std::string Rfc3339Millis(int64_t epoch_ms) {
  using namespace std::chrono;
  // Floor division, so times before 1970 still get a millisecond part in 0..999.
  sys_time<milliseconds> at{milliseconds(epoch_ms)};
  sys_days day = floor<days>(at);
  year_month_day date(day);
  hh_mm_ss<milliseconds> time(at - day);
  int year = static_cast<int>(date.year());
  if (year >= 0 && year <= 9999) {
    // Every request's log line has one: digits by hand, snprintf costs ten times as much.
    char text[] = "0000-00-00T00:00:00.000Z";
    auto put = [&text](int at, int width, int64_t value) {
      for (int i = at + width - 1; i >= at; --i, value /= 10)
        text[i] = static_cast<char>('0' + value % 10);
    };
    put(0, 4, year);
    put(5, 2, static_cast<unsigned>(date.month()));
    put(8, 2, static_cast<unsigned>(date.day()));
    put(11, 2, time.hours().count());
    put(14, 2, time.minutes().count());
    put(17, 2, time.seconds().count());
    put(20, 3, time.subseconds().count());
    return std::string(text, sizeof(text) - 1);
  }
  char text[40];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return text;
}

std::string AccessLog::Format(const AccessRecord& record, LogLevel level) {
  std::string line;
  line.reserve(320);
  // Hundredths of a millisecond are plenty for a log and keep the line short.
  double latency_ms = std::round(record.latency_ms * 100.0) / 100.0;
  AppendJsonObject({{"time", Rfc3339Millis(record.time_ms)},
                    {"level", LevelName(level)},
                    {"requestId", record.request_id},
                    {"method", record.method},
                    {"path", record.path},
                    {"operation", record.operation},
                    {"status", record.status},
                    record.error.empty() ? JsonMember::Skip() : JsonMember("error", record.error),
                    {"latencyMs", latency_ms},
                    {"account", record.account},
                    {"region", record.region}},
                   line);
  return line;
}

void AccessLog::Record(const AccessRecord& record) {
  LogLevel level = record.status >= 500 ? LogLevel::kWarn : LogLevel::kInfo;
  if (level < level_) return;
  // The line is built before any lock; the writer keeps lines whole and in order.
  writer_.Append(Format(record, level));
}

void AccessLog::Write(LogLevel level, const std::string& message) {
  if (level < level_) return;
  std::string line;
  AppendJsonObject(
      {{"time", Rfc3339Millis(SystemNowMillis())}, {"level", LevelName(level)}, {"msg", message}},
      line);
  // Banners and warnings are rare and someone may be waiting for them: no batching.
  writer_.AppendNow(line);
}

}  // namespace socialite::ops
