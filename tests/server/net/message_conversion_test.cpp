#include "server/net/message_conversion.h"

#include <gtest/gtest.h>

#include <string>

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
