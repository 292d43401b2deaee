#include "server/net/message_conversion.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <regex>
#include <string>

#include "server/net/http_date.h"

namespace socialite::net {
namespace {

namespace http = boost::beast::http;

TEST(ToHttpRequestTest, KeepsAnOriginFormTargetAsSent) {
  BeastRequest request(http::verb::get, "/v1/whatsapp/waba/details?id=waba-1", 11);
  HttpRequest converted = ToHttpRequest(std::move(request), "127.0.0.1");
  EXPECT_EQ(converted.method, "GET");
  EXPECT_EQ(converted.target, "/v1/whatsapp/waba/details?id=waba-1");
  EXPECT_EQ(converted.remote_address, "127.0.0.1");
}

// Issue 9, defect 10: the access log, the journal and SigV4 all read the origin form.
TEST(ToHttpRequestTest, AbsoluteFormTargetBecomesOriginForm) {
  BeastRequest request(http::verb::get, "http://127.0.0.1:4576/_socialite/health?verbose=1", 11);
  EXPECT_EQ(ToHttpRequest(std::move(request), "").target, "/_socialite/health?verbose=1");
}

}  // namespace
}  // namespace socialite::net

namespace socialite::net {
namespace {

// "Sun, 06 Nov 1994 08:49:37 GMT" -> epoch seconds, for checking a Date header's time.
int64_t ParseImfFixdate(const std::string& text) {
  std::tm fields{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &fields);
  if (end == nullptr || *end != '\0') return -1;
  return static_cast<int64_t>(timegm(&fields));
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void ExpectCurrentDate(const BeastResponse& response) {
  auto date = response.find(http::field::date);
  ASSERT_NE(date, response.end()) << "no Date header, status " << response.result_int();
  const std::string value(date->value());
  EXPECT_TRUE(std::regex_match(
      value, std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|)"
                        R"(Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)")))
      << value;
  EXPECT_LE(std::abs(ParseImfFixdate(value) - NowSeconds()), 5) << value;
}

TEST(ImfFixdateTest, FormatsTheRfcExample) {
  EXPECT_EQ(ImfFixdate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(ImfFixdate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(ImfFixdate(1796558400), "Sun, 06 Dec 2026 12:00:00 GMT");
}

// Issue 9, defect 12: every response carries Date, the network layer's own answers included.
TEST(ToBeastResponseTest, EveryResponseCarriesTheCurrentDate) {
  HttpResponse ok;
  ok.body = "{}";
  ExpectCurrentDate(ToBeastResponse(std::move(ok), 11, true));
  ExpectCurrentDate(ToBeastResponse(MalformedRequestResponse(), 11, false));
  ExpectCurrentDate(ToBeastResponse(TooManyConnectionsResponse(), 11, false));
  ExpectCurrentDate(ToBeastResponse(InternalErrorResponse(), 10, false));
  ExpectCurrentDate(ToBeastResponse(
      NetworkErrorResponse(413, "RequestEntityTooLargeException", "too large"), 11, false));
}

TEST(ToBeastResponseTest, AHandlersDateIsReplacedByTheRealOne) {
  HttpResponse response;
  response.SetHeader("Date", "Thu, 01 Jan 1970 00:00:00 GMT");
  BeastResponse converted = ToBeastResponse(std::move(response), 11, true);
  EXPECT_EQ(std::distance(converted.equal_range(http::field::date).first,
                          converted.equal_range(http::field::date).second),
            1);
  ExpectCurrentDate(converted);
}

}  // namespace
}  // namespace socialite::net
