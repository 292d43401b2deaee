// EventBridge: AWS also puts every WhatsApp event on the account's default event bus, with
// source aws.social-messaging, a detail-type per kind ("WhatsApp Message Delivered", ...) and
// a flat detail. This sink publishes that entry with PutEvents (JSON 1.1, SigV4 for service
// "events" in the event's region) to a configured endpoint such as LocalStack's. Thread-safe.
#pragma once

#include <memory>
#include <stop_token>
#include <string>

#include "server/events/sinks/sink.h"

namespace socialite::net {
class HttpClient;
}

namespace socialite::events {

struct EventBridgeSettings {
  std::string endpoint;  // e.g. http://localhost:4566; empty = no EventBridge delivery
  std::string access_key = "test";
  std::string secret_key = "test";
  std::string event_bus = "default";
};

// The entry AWS would put on the bus for `event`.
struct EventBridgeEntry {
  std::string detail_type;
  std::string detail_json;  // {wabaId, originationPhoneNumber, originationPhoneNumberId, ...}
  int64_t time_seconds = 0;
};
EventBridgeEntry EventBridgeEntryFor(const EventToDeliver& event);

class EventBridgeSink {
 public:
  virtual ~EventBridgeSink() = default;
  virtual DeliveryResult Deliver(const EventToDeliver& event, std::stop_token stop) = 0;
  virtual std::string Describe() const = 0;
};

std::unique_ptr<EventBridgeSink> MakeEventBridgeSink(const EventBridgeSettings& settings,
                                                     int timeout_ms,
                                                     std::shared_ptr<net::HttpClient> client);

}  // namespace socialite::events
