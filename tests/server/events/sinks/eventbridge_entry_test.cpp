// EventBridgeEntryFor: the detail-type and the flat detail AWS puts on the bus for a status,
// an inbound message, and an event that is neither.
#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/events/sinks/eventbridge_sink.h"

namespace socialite::events {
namespace {

EventToDeliver EventOf(const std::string& field, Value value) {
  Value entry = WebhookEntry("104729384756102", field, std::move(value), std::nullopt);
  EnvelopeContext context{"000000000000", "104729384756102", "arn:waba", "110382746591034",
                          "arn:phone"};
  EventToDeliver event;
  event.id = "e1";
  event.created_ms = 1767225600500;
  event.region = "us-east-1";
  event.envelope_json = EnvelopeJson(context, entry, event.created_ms, "e1");
  return event;
}

Value Metadata() {
  Value metadata = Value::Object();
  metadata.Set("display_phone_number", "+1 425-555-0123");
  metadata.Set("phone_number_id", "110382746591034");
  return metadata;
}

TEST(EventBridgeEntryTest, StatusBecomesItsDetailTypeWithAFlatDetail) {
  Value status = Value::Object();
  status.Set("id", "wamid.X").Set("status", "delivered").Set("timestamp", "1767225600");
  Value value = Value::Object();
  value.Set("messaging_product", "whatsapp").Set("metadata", Metadata());
  value.Set("statuses", Value(ValueList{status}));
  EventBridgeEntry entry = EventBridgeEntryFor(EventOf("messages", value));
  EXPECT_EQ(entry.detail_type, "WhatsApp Message Delivered");
  EXPECT_EQ(entry.time_seconds, 1767225600);
  EXPECT_EQ(entry.detail_json,
            "{\"wabaId\":\"104729384756102\",\"originationPhoneNumber\":\"14255550123\","
            "\"originationPhoneNumberId\":\"110382746591034\",\"messageId\":\"wamid.X\","
            "\"status\":\"delivered\",\"eventTimestamp\":\"1767225600\"}");
}

TEST(EventBridgeEntryTest, EachStatusHasItsDetailType) {
  for (const auto& [status, type] :
       std::vector<std::pair<std::string, std::string>>{{"sent", "WhatsApp Message Sent"},
                                                        {"read", "WhatsApp Message Read"},
                                                        {"failed", "WhatsApp Message Failed"}}) {
    Value item = Value::Object();
    item.Set("id", "wamid.X").Set("status", status).Set("timestamp", "1");
    Value value = Value::Object();
    value.Set("metadata", Metadata()).Set("statuses", Value(ValueList{item}));
    EXPECT_EQ(EventBridgeEntryFor(EventOf("messages", value)).detail_type, type);
  }
}

TEST(EventBridgeEntryTest, InboundMessageIsReceived) {
  Value message = Value::Object();
  message.Set("from", "14255550100").Set("id", "wamid.IN").Set("timestamp", "1767225601");
  Value value = Value::Object();
  value.Set("metadata", Metadata()).Set("messages", Value(ValueList{message}));
  EventBridgeEntry entry = EventBridgeEntryFor(EventOf("messages", value));
  EXPECT_EQ(entry.detail_type, "WhatsApp Message Received");
  Result<Value> detail = ParseJson(entry.detail_json);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->GetString("status"), "received");
  EXPECT_EQ(detail->GetString("messageId"), "wamid.IN");
  EXPECT_EQ(detail->GetString("eventTimestamp"), "1767225601");
}

TEST(EventBridgeEntryTest, OtherEventsAreUnknownNotifications) {
  Value value = Value::Object();
  value.Set("event", "APPROVED").Set("message_template_id", "123");
  EventBridgeEntry entry = EventBridgeEntryFor(EventOf("message_template_status_update", value));
  EXPECT_EQ(entry.detail_type, "WhatsApp Unknown Notification Received");
  EXPECT_EQ(entry.detail_json,
            "{\"wabaId\":\"104729384756102\",\"eventTimestamp\":\"1767225600\"}");
  EventToDeliver garbage;
  garbage.envelope_json = "not json";
  EXPECT_EQ(EventBridgeEntryFor(garbage).detail_type, "WhatsApp Unknown Notification Received");
}

}  // namespace
}  // namespace socialite::events
