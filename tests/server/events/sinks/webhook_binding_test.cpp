// ParseWebhookBinding: the --webhook ARN_GLOB=URL flag value.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "server/events/sinks/sink.h"

namespace socialite::events {
namespace {

TEST(WebhookBindingTest, SplitsGlobAndUrl) {
  std::optional<WebhookBinding> binding =
      ParseWebhookBinding("arn:aws:sns:*:*:whatsapp-*=http://localhost:3000/events");
  ASSERT_TRUE(binding.has_value());
  EXPECT_EQ(binding->arn_glob, "arn:aws:sns:*:*:whatsapp-*");
  EXPECT_EQ(binding->url, "http://localhost:3000/events");
}

TEST(WebhookBindingTest, AcceptsHttpsAndAnyCaseScheme) {
  EXPECT_EQ(ParseWebhookBinding("*=https://example.com")->url, "https://example.com");
  EXPECT_EQ(ParseWebhookBinding("*=HTTP://example.com/x")->url, "HTTP://example.com/x");
}

TEST(WebhookBindingTest, EqualsSignsOnEitherSide) {
  // IAM-style names may hold '=', and so may the URL's query string.
  std::optional<WebhookBinding> binding =
      ParseWebhookBinding("arn:aws:sns:us-east-1:1:a=b=http://h:1/p?x=1&y=2");
  ASSERT_TRUE(binding.has_value());
  EXPECT_EQ(binding->arn_glob, "arn:aws:sns:us-east-1:1:a=b");
  EXPECT_EQ(binding->url, "http://h:1/p?x=1&y=2");
}

TEST(WebhookBindingTest, RejectsMalformedValues) {
  EXPECT_EQ(ParseWebhookBinding(""), std::nullopt);
  EXPECT_EQ(ParseWebhookBinding("http://localhost:3000"), std::nullopt);         // no glob
  EXPECT_EQ(ParseWebhookBinding("=http://localhost:3000"), std::nullopt);        // empty glob
  EXPECT_EQ(ParseWebhookBinding("arn:aws:sns:*"), std::nullopt);                 // no URL
  EXPECT_EQ(ParseWebhookBinding("arn:aws:sns:*="), std::nullopt);                // empty URL
  EXPECT_EQ(ParseWebhookBinding("arn:aws:sns:*=localhost:3000"), std::nullopt);  // no scheme
  EXPECT_EQ(ParseWebhookBinding("arn:aws:sns:*=ftp://host/"), std::nullopt);
  EXPECT_EQ(ParseWebhookBinding("arn:aws:sns:*=http://"), std::nullopt);  // no host
  EXPECT_EQ(ParseWebhookBinding("arn:aws:sns:*=http://host/a b"), std::nullopt);
}

}  // namespace
}  // namespace socialite::events
