#include "server/events/sinks/eventbridge_sink.h"

#include <optional>
#include <utility>

#include "server/core/json.h"
#include "server/core/value.h"
#include "server/dispatch/http_message.h"
#include "server/events/sinks/signed_post.h"
#include "server/net/http_client.h"
#include "server/objectstore/sigv4.h"

namespace socialite::events {
namespace {

constexpr char kSource[] = "aws.social-messaging";
constexpr char kContentType[] = "application/x-amz-json-1.1";
constexpr char kTarget[] = "AWSEvents.PutEvents";
constexpr size_t kMaxDetailBodyBytes = 200;

// Error types EventBridge documents as transient.
bool IsRetryableError(const std::string& type) {
  return type == "ThrottlingException" || type == "InternalException" ||
         type == "InternalFailure" || type == "ServiceUnavailable";
}

std::string DetailTypeOf(const std::string& status) {
  if (status == "sent") return "WhatsApp Message Sent";
  if (status == "delivered") return "WhatsApp Message Delivered";
  if (status == "read") return "WhatsApp Message Read";
  if (status == "failed") return "WhatsApp Message Failed";
  if (status == "received") return "WhatsApp Message Received";
  return "WhatsApp Unknown Notification Received";
}

class PutEventsSink : public EventBridgeSink {
 public:
  PutEventsSink(EventBridgeSettings settings, int timeout_ms,
                std::shared_ptr<net::HttpClient> client)
      : settings_(std::move(settings)),
        endpoint_(objectstore::ParseAwsEndpoint(settings_.endpoint)),
        timeout_ms_(timeout_ms),
        client_(std::move(client)) {}

  std::string Describe() const override { return "EventBridge -> " + settings_.endpoint; }

  DeliveryResult Deliver(const EventToDeliver& event, std::stop_token stop) override {
    DeliveryResult result;
    result.target = "eventbridge " + settings_.endpoint;
    if (!endpoint_) {
      result.retryable = false;
      result.detail = "invalid EventBridge endpoint \"" + settings_.endpoint + "\"";
      return result;
    }
    EventBridgeEntry entry = EventBridgeEntryFor(event);
    Value item = Value::Object();
    item.Set("Source", kSource);
    item.Set("DetailType", entry.detail_type);
    item.Set("Detail", entry.detail_json);
    item.Set("EventBusName", settings_.event_bus);
    item.Set("Time", entry.time_seconds);
    item.Set("Resources", Value::List());
    Value entries = Value::List();
    entries.Push(std::move(item));
    Value body = Value::Object();
    body.Set("Entries", std::move(entries));
    std::string text = WriteJson(body);

    std::string region = event.region.empty() ? "us-east-1" : event.region;
    objectstore::SigningKey key{settings_.access_key, settings_.secret_key, region, "events"};
    net::ClientResult sent =
        SendSignedPost(*client_, *endpoint_, kContentType, {{"X-Amz-Target", kTarget}}, key,
                       std::move(text), timeout_ms_, std::move(stop));
    if (!sent.ok) {
      result.retryable = true;
      result.detail = sent.error;
      return result;
    }
    ReadAnswer(sent.response, result);
    return result;
  }

 private:
  static void ReadAnswer(const HttpResponse& response, DeliveryResult& result) {
    result.http_status = response.status;
    Result<Value> parsed = ParseJson(response.body.empty() ? "{}" : response.body);
    Value answer = parsed.ok() ? std::move(parsed).value() : Value::Object();
    if (response.status >= 200 && response.status <= 299) {
      int64_t failed = answer.GetInt("FailedEntryCount").value_or(0);
      if (failed == 0) {
        result.delivered = true;
        result.retryable = false;
        std::string id;
        if (const Value* list = answer.Get("Entries");
            list && list->is_list() && !list->AsList().empty()) {
          id = list->AsList()[0].GetString("EventId").value_or("");
        }
        result.detail = "HTTP " + std::to_string(response.status) +
                        (id.empty() ? std::string() : " EventId " + id);
        return;
      }
      // The entry itself was refused (EventBridge answers 200 with a per-entry error).
      std::string code;
      std::string message;
      if (const Value* list = answer.Get("Entries");
          list && list->is_list() && !list->AsList().empty()) {
        code = list->AsList()[0].GetString("ErrorCode").value_or("");
        message = list->AsList()[0].GetString("ErrorMessage").value_or("");
      }
      result.retryable = code.empty() || IsRetryableError(code);
      result.detail = "entry failed: " + code + (message.empty() ? "" : ": " + message);
      return;
    }
    std::string type = answer.GetString("__type").value_or("");
    if (size_t hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
    std::string message =
        answer.GetString("message").value_or(answer.GetString("Message").value_or(""));
    result.retryable = IsRetryableError(type) || response.status == 408 || response.status == 429 ||
                       response.status >= 500;
    result.detail = "HTTP " + std::to_string(response.status);
    if (!type.empty()) result.detail += " " + type;
    if (!message.empty()) {
      result.detail += ": " + message;
    } else if (type.empty() && !response.body.empty()) {
      result.detail += ": " + response.body.substr(0, kMaxDetailBodyBytes);
    }
  }

  const EventBridgeSettings settings_;
  const std::optional<objectstore::AwsEndpoint> endpoint_;
  const int timeout_ms_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace

EventBridgeEntry EventBridgeEntryFor(const EventToDeliver& event) {
  EventBridgeEntry entry;
  entry.time_seconds = event.created_ms / 1000;
  Value detail = Value::Object();
  std::string status;
  Result<Value> envelope = ParseJson(event.envelope_json);
  std::optional<Value> meta_entry;
  if (envelope.ok()) {
    Result<Value> parsed = ParseJson(envelope->GetString("whatsAppWebhookEntry").value_or(""));
    if (parsed.ok()) meta_entry = std::move(parsed).value();
  }
  const Value* value = nullptr;
  if (meta_entry) {
    if (auto id = meta_entry->GetString("id")) detail.Set("wabaId", *id);
    const Value* changes = meta_entry->Get("changes");
    if (changes && changes->is_list() && !changes->AsList().empty()) {
      value = changes->AsList()[0].Get("value");
    }
  }
  std::optional<std::string> message_id;
  std::optional<std::string> timestamp;
  if (value != nullptr && value->is_object()) {
    if (const Value* metadata = value->Get("metadata"); metadata && metadata->is_object()) {
      if (auto number = metadata->GetString("display_phone_number")) {
        std::string digits;
        for (char c : *number) {
          if (c >= '0' && c <= '9') digits += c;
        }
        detail.Set("originationPhoneNumber", digits);
      }
      if (auto id = metadata->GetString("phone_number_id")) {
        detail.Set("originationPhoneNumberId", *id);
      }
    }
    const Value* statuses = value->Get("statuses");
    const Value* messages = value->Get("messages");
    if (statuses && statuses->is_list() && !statuses->AsList().empty()) {
      const Value& first = statuses->AsList()[0];
      message_id = first.GetString("id");
      status = first.GetString("status").value_or("");
      timestamp = first.GetString("timestamp");
    } else if (messages && messages->is_list() && !messages->AsList().empty()) {
      const Value& first = messages->AsList()[0];
      message_id = first.GetString("id");
      status = "received";
      timestamp = first.GetString("timestamp");
    }
  }
  if (message_id) detail.Set("messageId", *message_id);
  if (!status.empty()) detail.Set("status", status);
  detail.Set("eventTimestamp", timestamp.value_or(std::to_string(entry.time_seconds)));
  entry.detail_type = DetailTypeOf(status);
  entry.detail_json = WriteJson(detail);
  return entry;
}

std::unique_ptr<EventBridgeSink> MakeEventBridgeSink(const EventBridgeSettings& settings,
                                                     int timeout_ms,
                                                     std::shared_ptr<net::HttpClient> client) {
  if (!client) client = std::make_shared<net::HttpClient>();
  return std::make_unique<PutEventsSink>(settings, timeout_ms, std::move(client));
}

}  // namespace socialite::events
