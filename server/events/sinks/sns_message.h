// The messages SNS POSTs to an HTTP(S) subscription — SubscriptionConfirmation and
// Notification — their JSON in SNS's member order, and the string SNS signs for each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace socialite::events {

struct SnsMessage {
  std::string type;  // SubscriptionConfirmation | Notification
  std::string message_id;
  std::optional<std::string> token;  // SubscriptionConfirmation only
  std::string topic_arn;
  std::optional<std::string> subject;  // Notification, when the publisher gave one
  std::string message;
  std::optional<std::string> subscribe_url;  // SubscriptionConfirmation only
  std::string timestamp;                     // ISO 8601, milliseconds, UTC
  int signature_version = 1;
  std::string signature;
  std::string signing_cert_url;
  std::optional<std::string> unsubscribe_url;  // Notification only
};

// What SNS signs: "Name\nvalue\n" for each member present, in SNS's order (Message,
// MessageId, Subject, Timestamp, TopicArn, Type for a Notification; Message, MessageId,
// SubscribeURL, Timestamp, Token, TopicArn, Type for the confirmation).
std::string SnsStringToSign(const SnsMessage& message);
// The body as SNS sends it.
std::string SnsMessageJson(const SnsMessage& message);
// "2026-12-06T23:28:06.123Z"
std::string SnsTimestamp(int64_t epoch_ms);
// A UUID derived from `name` (SHA-1, RFC 4122 version 5 layout): the same name always gives
// the same id, so a duplicate delivery of an event carries the same SNS MessageId.
std::string NameBasedUuid(const std::string& name);

}  // namespace socialite::events
