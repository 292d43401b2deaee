#include "server/dispatch/http_message.h"

#include <gtest/gtest.h>

namespace socialite {
namespace {

TEST(HttpMessageTest, RequestHeaderLookupIgnoresCase) {
  HttpRequest request;
  request.headers = {{"Content-Type", "application/json"}, {"authorization", "AWS4 x"}};
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("AUTHORIZATION"), "AWS4 x");
  EXPECT_EQ(request.Header("X-Missing"), "");
}

TEST(HttpMessageTest, SetHeaderReplacesIgnoringCaseAndKeepsOrder) {
  HttpResponse response;
  response.SetHeader("Content-Type", "text/plain");
  response.SetHeader("x-amzn-RequestId", "1");
  response.SetHeader("content-type", "application/json");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].first, "Content-Type");
  EXPECT_EQ(response.headers[0].second, "application/json");
  EXPECT_EQ(response.Header("X-AMZN-REQUESTID"), "1");
}

TEST(HttpMessageTest, HeaderNamesOfDifferentLengthDoNotMatch) {
  HttpResponse response;
  response.SetHeader("x-amzn-ErrorType", "A");
  EXPECT_EQ(response.Header("x-amzn-Error"), "");
  EXPECT_EQ(response.Header("x-amzn-ErrorTypes"), "");
}

}  // namespace
}  // namespace socialite
