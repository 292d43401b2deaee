// Sinks: where an event envelope goes once the dispatcher delivers it. A WABA's event
// destination ARN is bound to a delivery target by configuration (--webhook ARN_GLOB=URL,
// --sns-endpoint); the SinkRouter makes that choice. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace socialite::net {
class HttpClient;
}

namespace socialite::events {

class SnsHttpDelivery;
class EventBridgeSink;

struct DeliveryResult {
  bool delivered = false;
  bool retryable = true;  // false: retrying cannot help (e.g. 4xx other than 408/429)
  int http_status = 0;    // 0 when no response arrived
  std::string target;     // where it went, e.g. "webhook http://…" or "sns arn:aws:sns:…"
  std::string detail;     // error text or a short response summary
  // Set when nothing was attempted and the event must wait (an SNS subscription not yet
  // confirmed): ask again after this many milliseconds, counting no attempt.
  std::optional<int64_t> hold_ms;
};

// One event as the dispatcher hands it over: the bytes, and what targets that sign or
// de-duplicate need (SNS message ids, EventBridge entries).
struct EventToDeliver {
  std::string id;  // the envelope's messageId: the same on every retry and replay
  int64_t created_ms = 0;
  std::string account;
  std::string region;
  std::string destination_arn;
  std::string envelope_json;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Delivers one envelope (JSON text) for an event destination. A stop requested on `stop`
  // aborts the delivery at once (a retryable failure).
  virtual DeliveryResult Deliver(const std::string& destination_arn,
                                 const std::string& envelope_json, std::stop_token stop) = 0;
  DeliveryResult Deliver(const std::string& destination_arn, const std::string& envelope_json) {
    return Deliver(destination_arn, envelope_json, std::stop_token());
  }
};

// Where the event dispatcher hands each event: the SinkRouter below, or a fake in tests.
// Implementations are thread-safe.
class DeliveryRouter {
 public:
  virtual ~DeliveryRouter() = default;
  // Delivers, or answers nullopt with `why` set when no target is bound to the ARN. A stop
  // requested on `stop` aborts the delivery in flight (a retryable failure).
  virtual std::optional<DeliveryResult> Deliver(const std::string& destination_arn,
                                                const std::string& envelope_json, std::string* why,
                                                std::stop_token stop) = 0;
  std::optional<DeliveryResult> Deliver(const std::string& destination_arn,
                                        const std::string& envelope_json, std::string* why) {
    return Deliver(destination_arn, envelope_json, why, std::stop_token());
  }
  // The same with the whole event; routers whose targets need more than the bytes override it.
  virtual std::optional<DeliveryResult> DeliverEvent(const EventToDeliver& event, std::string* why,
                                                     std::stop_token stop) {
    return Deliver(event.destination_arn, event.envelope_json, why, std::move(stop));
  }
  // True when some target takes every event, even one whose WABA has no event destination
  // (EventBridge: AWS puts every event on the account's default bus).
  virtual bool TakesEventsWithoutDestination() const { return false; }
};

// A webhook binding from configuration: destinations matching `arn_glob` ('*' any run,
// '?' one character) are POSTed to `url`.
struct WebhookBinding {
  std::string arn_glob;
  std::string url;
  // true: the URL is an SNS HTTP(S) subscription of the topic (a SubscriptionConfirmation
  // first, then signed Notifications); false: the bare envelope (raw message delivery).
  bool sns = false;
};

struct SnsSettings {
  std::string endpoint;  // e.g. http://localhost:4566; empty = no SNS delivery
  std::string access_key = "test";
  std::string secret_key = "test";
};

// Parses "ARN_GLOB=URL" (the --webhook flag); nullopt when malformed.
std::optional<WebhookBinding> ParseWebhookBinding(const std::string& text);

// True when `text` matches the glob (whole-string, '*' and '?').
bool GlobMatches(const std::string& glob, const std::string& text);

// The region of an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME); nullopt for any
// other ARN. A Publish to a topic is signed for the topic's region.
std::optional<std::string> SnsTopicRegion(const std::string& arn);

// Webhook delivery: POST the envelope as application/json with `User-Agent: Socialite` and
// `x-socialite-event-destination: <destination ARN>`. 2xx = delivered; 408, 429, 5xx and
// transport errors are retryable; other statuses are not.
// Sinks send through `client` (keep-alive connections shared between sinks); without one, a
// sink has a client of its own.
// A sink bound to one URL (what a --webhook binding makes).
std::unique_ptr<Sink> MakeWebhookSink(const std::string& url, int timeout_ms,
                                      std::shared_ptr<net::HttpClient> client = nullptr);
// A sink with no URL of its own: it POSTs to the destination itself when that is an http(s)
// URL, and fails (non-retryable) for anything else, an ARN included.
std::unique_ptr<Sink> MakeWebhookSink(int timeout_ms,
                                      std::shared_ptr<net::HttpClient> client = nullptr);

// Amazon SNS Publish (Query protocol, SigV4 for service "sns" in the topic's region) to
// `settings.endpoint`. The destination must be an SNS topic ARN.
std::unique_ptr<Sink> MakeSnsSink(const SnsSettings& settings, int timeout_ms,
                                  std::shared_ptr<net::HttpClient> client = nullptr);

// Chooses the target for a destination ARN: the first matching webhook binding (an SNS
// HTTP(S) subscription, or the bare envelope for a raw one), else SNS Publish when the ARN is
// an SNS topic and an endpoint is configured, else none. With EventBridge set, every event
// also goes there; each part is delivered once per event however often the other is retried.
class SinkRouter : public DeliveryRouter {
 public:
  SinkRouter(std::vector<WebhookBinding> webhooks, SnsSettings sns, int timeout_ms = 5000);
  using DeliveryRouter::Deliver;
  std::optional<DeliveryResult> Deliver(const std::string& destination_arn,
                                        const std::string& envelope_json, std::string* why,
                                        std::stop_token stop) override;
  std::optional<DeliveryResult> DeliverEvent(const EventToDeliver& event, std::string* why,
                                             std::stop_token stop) override;
  bool TakesEventsWithoutDestination() const override;
  // Set before deliveries start. SNS-mode bindings need `sns_http` (without it they fail).
  void SetSnsHttp(std::shared_ptr<SnsHttpDelivery> sns_http);
  void SetEventBridge(std::unique_ptr<EventBridgeSink> eventbridge);
  // The connections the router's targets share.
  std::shared_ptr<net::HttpClient> client() const;
  // Human description for the startup banner.
  std::string Describe() const;
  // Bindings can be added at run time (fixtures); thread-safe.
  void AddWebhook(WebhookBinding binding);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace socialite::events
