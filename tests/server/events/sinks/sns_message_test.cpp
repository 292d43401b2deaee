// SNS messages: the exact string SNS signs for each type, the JSON member order, the
// timestamp format and the name-based message ids.
#include "server/events/sinks/sns_message.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "server/core/json.h"

namespace socialite::events {
namespace {

SnsMessage Notification() {
  SnsMessage m;
  m.type = "Notification";
  m.message_id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
  m.topic_arn = "arn:aws:sns:us-west-2:123456789012:MyTopic";
  m.message = "{\"a\":\"b\\nc\"}";
  m.timestamp = "2012-05-02T00:54:06.655Z";
  m.signing_cert_url = "https://h/cert.pem";
  m.unsubscribe_url = "https://h/?Action=Unsubscribe";
  m.signature = "SIG";
  return m;
}

TEST(SnsMessageTest, NotificationStringToSignInSnsOrder) {
  EXPECT_EQ(SnsStringToSign(Notification()),
            "Message\n{\"a\":\"b\\nc\"}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
            "Timestamp\n2012-05-02T00:54:06.655Z\n"
            "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nNotification\n");
  SnsMessage with_subject = Notification();
  with_subject.subject = "Hello";
  EXPECT_EQ(SnsStringToSign(with_subject),
            "Message\n{\"a\":\"b\\nc\"}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
            "Subject\nHello\nTimestamp\n2012-05-02T00:54:06.655Z\n"
            "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nNotification\n");
}

TEST(SnsMessageTest, ConfirmationStringToSignInSnsOrder) {
  SnsMessage m;
  m.type = "SubscriptionConfirmation";
  m.message_id = "id";
  m.token = "tok";
  m.topic_arn = "arn:t";
  m.message = "You have chosen";
  m.subscribe_url = "https://h/?Action=ConfirmSubscription";
  m.timestamp = "2012-04-26T20:45:04.751Z";
  EXPECT_EQ(SnsStringToSign(m),
            "Message\nYou have chosen\nMessageId\nid\n"
            "SubscribeURL\nhttps://h/?Action=ConfirmSubscription\n"
            "Timestamp\n2012-04-26T20:45:04.751Z\nToken\ntok\nTopicArn\narn:t\n"
            "Type\nSubscriptionConfirmation\n");
}

TEST(SnsMessageTest, JsonMembersInSnsOrderWithMessageAsString) {
  std::string json = SnsMessageJson(Notification());
  EXPECT_EQ(json,
            "{\"Type\":\"Notification\",\"MessageId\":\"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\","
            "\"TopicArn\":\"arn:aws:sns:us-west-2:123456789012:MyTopic\","
            "\"Message\":\"{\\\"a\\\":\\\"b\\\\nc\\\"}\","
            "\"Timestamp\":\"2012-05-02T00:54:06.655Z\",\"SignatureVersion\":\"1\","
            "\"Signature\":\"SIG\",\"SigningCertURL\":\"https://h/cert.pem\","
            "\"UnsubscribeURL\":\"https://h/?Action=Unsubscribe\"}");
  Result<Value> parsed = ParseJson(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->GetString("Message"), Notification().message);
}

TEST(SnsMessageTest, TimestampHasMillisecondsAndZ) {
  EXPECT_EQ(SnsTimestamp(1767225600000), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(SnsTimestamp(1767225600123 + 3723000), "2026-01-01T01:02:03.123Z");
}

TEST(SnsMessageTest, NameBasedUuidIsStableVersion5AndDistinct) {
  std::string a = NameBasedUuid("event-1|sub-1");
  EXPECT_EQ(a, NameBasedUuid("event-1|sub-1"));
  EXPECT_NE(a, NameBasedUuid("event-1|sub-2"));
  EXPECT_NE(a, NameBasedUuid("event-2|sub-1"));
  EXPECT_TRUE(std::regex_match(
      a, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << a;
}

}  // namespace
}  // namespace socialite::events
