// GlobMatches: the whole-string glob used by --webhook bindings ('*' any run, '?' one
// character, everything else literal).
#include <gtest/gtest.h>

#include "server/events/sinks/sink.h"

namespace socialite::events {
namespace {

constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:whatsapp-events";

TEST(GlobTest, WithoutWildcardsMatchesOnlyTheSameString) {
  EXPECT_TRUE(GlobMatches(kTopic, kTopic));
  EXPECT_FALSE(GlobMatches(kTopic, std::string(kTopic) + "x"));
  EXPECT_FALSE(GlobMatches(std::string(kTopic) + "x", kTopic));
  EXPECT_FALSE(GlobMatches("arn:aws:sns", kTopic));  // a prefix is not a match
  EXPECT_FALSE(GlobMatches("ARN:AWS:SNS:us-east-1:000000000000:whatsapp-events", kTopic));
}

TEST(GlobTest, StarMatchesAnyRunIncludingNothing) {
  EXPECT_TRUE(GlobMatches("*", kTopic));
  EXPECT_TRUE(GlobMatches("*", ""));
  EXPECT_TRUE(GlobMatches("arn:aws:sns:*", kTopic));
  EXPECT_TRUE(GlobMatches("*:whatsapp-events", kTopic));
  EXPECT_TRUE(GlobMatches("arn:aws:sns:us-east-1:000000000000:whatsapp-events*", kTopic));
  EXPECT_TRUE(GlobMatches("arn:*:whatsapp-events", kTopic));
  EXPECT_FALSE(GlobMatches("arn:aws:sqs:*", kTopic));
  EXPECT_FALSE(GlobMatches("*:orders", kTopic));
}

TEST(GlobTest, StarCrossesColonsAndSlashes) {
  EXPECT_TRUE(GlobMatches("arn:aws:sns:*", "arn:aws:sns:eu-west-1:111122223333:a"));
  EXPECT_TRUE(
      GlobMatches("arn:aws:*/events", "arn:aws:firehose:us-east-1:1:deliverystream/events"));
}

TEST(GlobTest, QuestionMarkMatchesExactlyOneCharacter) {
  EXPECT_TRUE(GlobMatches("arn:aws:sns:us-east-?:000000000000:whatsapp-events", kTopic));
  EXPECT_TRUE(GlobMatches("a?c", "abc"));
  EXPECT_FALSE(GlobMatches("a?c", "ac"));
  EXPECT_FALSE(GlobMatches("a?c", "abbc"));
  EXPECT_FALSE(GlobMatches("?", ""));
  EXPECT_TRUE(GlobMatches("???", "xyz"));
  EXPECT_FALSE(GlobMatches("???", "xy"));
}

TEST(GlobTest, MultipleStars) {
  EXPECT_TRUE(GlobMatches("arn:*:sns:*:*:whatsapp-*", kTopic));
  EXPECT_TRUE(GlobMatches("**", "anything"));
  EXPECT_TRUE(GlobMatches("a*b*c", "abc"));
  EXPECT_TRUE(GlobMatches("a*b*c", "a-b-b-c"));
  EXPECT_TRUE(GlobMatches("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(GlobMatches("a*b*c", "aXbYcZ"));
  EXPECT_FALSE(GlobMatches("a*b*c", "acb"));
  EXPECT_TRUE(GlobMatches("*a*", "banana"));
  EXPECT_FALSE(GlobMatches("*x*", "banana"));
  EXPECT_TRUE(GlobMatches("*?", "a"));
  EXPECT_FALSE(GlobMatches("*?", ""));
  EXPECT_TRUE(GlobMatches("*ana", "banana"));  // the star has to give back what it took
}

TEST(GlobTest, EmptyGlobAndEmptyText) {
  EXPECT_TRUE(GlobMatches("", ""));
  EXPECT_FALSE(GlobMatches("", kTopic));
  EXPECT_FALSE(GlobMatches("a", ""));
  EXPECT_TRUE(GlobMatches("***", ""));
}

TEST(GlobTest, ManyStarsAgainstALongMismatchStaysFast) {
  // A naive recursive matcher is exponential here; this must finish instantly.
  std::string text(5000, 'a');
  EXPECT_FALSE(GlobMatches("*a*a*a*a*a*a*a*a*a*a*b", text));
  EXPECT_TRUE(GlobMatches("*a*a*a*a*a*a*a*a*a*a*", text));
}

}  // namespace
}  // namespace socialite::events
