// The access log: one compact JSON object per line, filtered by level, never interleaved.
#include "server/ops/access_log.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/core/json.h"

namespace socialite::ops {
namespace {

// 2026-11-22T02:48:22.708Z
constexpr int64_t kTime = 1795315702708;

AccessRecord SampleRecord() {
  AccessRecord record;
  record.time_ms = kTime;
  record.request_id = "8f2c41d6-0b1e-4f7a-9c3d-5e6f7a8b9c0d";
  record.method = "GET";
  record.path = "/v1/whatsapp/waba/details";
  record.operation = "GetLinkedWhatsAppBusinessAccount";
  record.status = 200;
  record.latency_ms = 0.41234;
  record.account = "000000000000";
  record.region = "us-east-1";
  return record;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(AccessLogTest, WritesOneExactJsonLinePerRequest) {
  std::ostringstream out;
  AccessLog log(out, LogLevel::kInfo);
  log.Record(SampleRecord());
  EXPECT_EQ(out.str(),
            R"({"time":"2026-11-22T02:48:22.708Z","level":"info",)"
            R"("requestId":"8f2c41d6-0b1e-4f7a-9c3d-5e6f7a8b9c0d","method":"GET",)"
            R"("path":"/v1/whatsapp/waba/details","operation":"GetLinkedWhatsAppBusinessAccount",)"
            R"("status":200,"latencyMs":0.41,"account":"000000000000","region":"us-east-1"})"
            "\n");
}

TEST(AccessLogTest, NamesTheErrorOnlyWhenThereIsOne) {
  AccessRecord record = SampleRecord();
  record.status = 429;
  record.error = "ThrottledRequestException";
  record.latency_ms = 12;
  EXPECT_EQ(AccessLog::Format(record, LogLevel::kInfo),
            R"({"time":"2026-11-22T02:48:22.708Z","level":"info",)"
            R"("requestId":"8f2c41d6-0b1e-4f7a-9c3d-5e6f7a8b9c0d","method":"GET",)"
            R"("path":"/v1/whatsapp/waba/details","operation":"GetLinkedWhatsAppBusinessAccount",)"
            R"("status":429,"error":"ThrottledRequestException","latencyMs":12.0,)"
            R"("account":"000000000000","region":"us-east-1"})");
}

// Issue 9, defect 9: a raw request target can hold any bytes; the line must stay JSON.
TEST(AccessLogTest, RawNonUtf8BytesInThePathStillMakeAJsonLine) {
  AccessRecord record = SampleRecord();
  record.path = "/v1/\xFF\xFE/caf\xC3\xA9/\xE2\x82";
  std::string line = AccessLog::Format(record, LogLevel::kInfo);
  Result<Value> parsed = ParseJson(line);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->GetString("path"), "/v1/\uFFFD\uFFFD/caf\u00E9/\uFFFD");
  EXPECT_EQ(parsed->GetString("status"), std::nullopt);
  EXPECT_EQ(parsed->GetInt("status"), 200);
}

TEST(AccessLogTest, ServerErrorsAreWarnings) {
  std::ostringstream out;
  AccessLog log(out, LogLevel::kWarn);
  log.Record(SampleRecord());  // 200: info, below warn
  AccessRecord failed = SampleRecord();
  failed.status = 500;
  failed.error = "InternalServiceException";
  log.Record(failed);
  std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u) << out.str();
  Result<Value> line = ParseJson(lines[0]);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->GetString("level"), "warn");
  EXPECT_EQ(line->GetInt("status"), 500);
}

TEST(AccessLogTest, ErrorLevelHidesRequests) {
  std::ostringstream out;
  AccessLog log(out, LogLevel::kError);
  AccessRecord failed = SampleRecord();
  failed.status = 502;
  log.Record(SampleRecord());
  log.Record(failed);
  EXPECT_EQ(out.str(), "");
}

TEST(AccessLogTest, WriteAddsTimeLevelAndMessage) {
  std::ostringstream out;
  AccessLog log(out, LogLevel::kInfo);
  log.Write(LogLevel::kDebug, "not shown at info");
  log.Write(LogLevel::kWarn, "disk \"almost\" full");
  std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u) << out.str();
  Result<Value> line = ParseJson(lines[0]);
  ASSERT_TRUE(line.ok()) << lines[0];
  ASSERT_EQ(line->AsObject().size(), 3u);
  EXPECT_EQ(line->AsObject()[0].first, "time");
  EXPECT_TRUE(std::regex_match(line->GetString("time").value_or(""),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_EQ(line->GetString("level"), "warn");
  EXPECT_EQ(line->GetString("msg"), "disk \"almost\" full");
}

TEST(AccessLogTest, DebugShowsEverything) {
  std::ostringstream out;
  AccessLog log(out, LogLevel::kDebug);
  log.Write(LogLevel::kDebug, "one");
  log.Record(SampleRecord());
  EXPECT_EQ(Lines(out.str()).size(), 2u);
}

TEST(AccessLogTest, ParsesLevels) {
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("info"), LogLevel::kInfo);
  EXPECT_EQ(ParseLogLevel("warn"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("WARNING"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("Error"), LogLevel::kError);
  EXPECT_EQ(ParseLogLevel("verbose"), LogLevel::kInfo);
  EXPECT_EQ(ParseLogLevel(""), LogLevel::kInfo);
}

TEST(AccessLogTest, FormatsTimesInUtcWithMilliseconds) {
  EXPECT_EQ(Rfc3339Millis(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(Rfc3339Millis(kTime), "2026-11-22T02:48:22.708Z");
  EXPECT_EQ(Rfc3339Millis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(Rfc3339Millis(951782400000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(Rfc3339Millis(253402300799999), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(Rfc3339Millis(-62167219200000), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(Rfc3339Millis(1'234'567'890'123), "2009-02-13T23:31:30.123Z");
}

TEST(AccessLogTest, ConcurrentRequestsNeverShareALine) {
  std::ostringstream out;
  AccessLog log(out, LogLevel::kInfo);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&log, t] {
      AccessRecord record = SampleRecord();
      record.request_id = "thread-" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) log.Record(record);
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), static_cast<size_t>(kThreads * kPerThread));
  for (const auto& line : lines) ASSERT_TRUE(ParseJson(line).ok()) << line;
}

}  // namespace
}  // namespace socialite::ops
