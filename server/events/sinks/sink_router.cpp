// SinkRouter and the configuration syntax it is built from (--webhook ARN_GLOB=URL globs).
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/events/sinks/eventbridge_sink.h"
#include "server/events/sinks/sink.h"
#include "server/events/sinks/sns_http_sink.h"
#include "server/net/http_client.h"

namespace socialite::events {
namespace {

bool IsHttpUrl(const std::string& text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) return false;
  std::string scheme(parsed->scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "http" || scheme == "https";
}

// Where the URL part of "ARN_GLOB=URL" starts. ARNs may hold '=' (IAM names allow it) and so
// may URLs (query strings), so the split is at the '=' that introduces the URL's scheme.
size_t UrlStart(const std::string& text) {
  for (size_t at = text.find('='); at != std::string::npos; at = text.find('=', at + 1)) {
    std::string rest = text.substr(at + 1, 8);
    for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (rest.rfind("http://", 0) == 0 || rest.rfind("https://", 0) == 0) return at + 1;
  }
  return std::string::npos;
}

}  // namespace

std::optional<WebhookBinding> ParseWebhookBinding(const std::string& text) {
  size_t url_start = UrlStart(text);
  if (url_start == std::string::npos || url_start < 2) return std::nullopt;
  WebhookBinding binding{text.substr(0, url_start - 1), text.substr(url_start)};
  if (!IsHttpUrl(binding.url)) return std::nullopt;
  return binding;
}

bool GlobMatches(const std::string& glob, const std::string& text) {
  // Greedy scan with one backtrack point: on a mismatch, the latest '*' absorbs one more
  // character. Linear in practice, and never exponential however many stars there are.
  size_t g = 0;
  size_t t = 0;
  size_t star = std::string::npos;  // position of the latest '*' in glob
  size_t star_text = 0;             // where in text that '*' started matching
  while (t < text.size()) {
    if (g < glob.size() && (glob[g] == '?' || (glob[g] != '*' && glob[g] == text[t]))) {
      ++g;
      ++t;
    } else if (g < glob.size() && glob[g] == '*') {
      star = g++;
      star_text = t;
    } else if (star != std::string::npos) {
      g = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

// The parts of an event already delivered, so that a retry sends only what failed.
enum Part : unsigned { kPrimary = 1, kEventBridge = 2 };
// Events remembered at most; past it the oldest are forgotten (a retry may then repeat a
// part: at least once).
constexpr size_t kMaxRemembered = 10000;

struct SinkRouter::State {
  std::mutex mu;
  std::vector<WebhookBinding> webhooks;          // guarded by mu; checked in order
  std::shared_ptr<SnsHttpDelivery> sns_http;     // guarded by mu
  std::shared_ptr<EventBridgeSink> eventbridge;  // guarded by mu
  std::map<std::string, unsigned> done;          // guarded by mu: event id -> parts
  std::deque<std::string> done_order;            // guarded by mu: oldest first
  const SnsSettings sns;
  const int timeout_ms;
  // One set of kept-alive connections for every target: a connection per event would cost
  // more than the delivery itself.
  const std::shared_ptr<net::HttpClient> client;
  const std::unique_ptr<Sink> sns_sink;  // null without an SNS endpoint; thread-safe

  State(std::vector<WebhookBinding> webhooks_in, SnsSettings sns_in, int timeout)
      : webhooks(std::move(webhooks_in)),
        sns(std::move(sns_in)),
        timeout_ms(timeout),
        client(std::make_shared<net::HttpClient>()),
        sns_sink(sns.endpoint.empty() ? nullptr : MakeSnsSink(sns, timeout, client)) {}

  unsigned Done(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu);
    auto found = done.find(id);
    return found == done.end() ? 0u : found->second;
  }
  void Remember(const std::string& id, unsigned parts) {
    std::lock_guard<std::mutex> lock(mu);
    auto [at, added] = done.try_emplace(id, 0u);
    at->second |= parts;
    if (!added) return;
    done_order.push_back(id);
    if (done_order.size() > kMaxRemembered) {
      done.erase(done_order.front());
      done_order.pop_front();
    }
  }
  void Forget(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu);
    done.erase(id);  // its place in done_order is dropped when it reaches the front
  }
};

SinkRouter::SinkRouter(std::vector<WebhookBinding> webhooks, SnsSettings sns, int timeout_ms)
    : state_(std::make_shared<State>(std::move(webhooks), std::move(sns), timeout_ms)) {}

void SinkRouter::SetSnsHttp(std::shared_ptr<SnsHttpDelivery> sns_http) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->sns_http = std::move(sns_http);
}

void SinkRouter::SetEventBridge(std::unique_ptr<EventBridgeSink> eventbridge) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->eventbridge = std::move(eventbridge);
}

std::shared_ptr<net::HttpClient> SinkRouter::client() const { return state_->client; }

std::optional<DeliveryResult> SinkRouter::Deliver(const std::string& destination_arn,
                                                  const std::string& envelope_json,
                                                  std::string* why, std::stop_token stop) {
  EventToDeliver event;
  event.destination_arn = destination_arn;
  event.envelope_json = envelope_json;
  return DeliverEvent(event, why, std::move(stop));
}

namespace {

DeliveryResult Settled(bool delivered, std::string target, std::string detail) {
  DeliveryResult out;
  out.delivered = delivered;
  out.retryable = false;
  out.target = std::move(target);
  out.detail = std::move(detail);
  return out;
}

// One result for an event whose parts went to two targets.
DeliveryResult Combine(const DeliveryResult& primary, const DeliveryResult& eventbridge) {
  DeliveryResult out;
  out.delivered = primary.delivered && eventbridge.delivered;
  out.retryable =
      (primary.delivered || primary.retryable) && (eventbridge.delivered || eventbridge.retryable);
  out.http_status = !primary.delivered ? primary.http_status : eventbridge.http_status;
  out.target = primary.target + " + " + eventbridge.target;
  out.detail = primary.detail + "; " + eventbridge.detail;
  out.hold_ms = primary.hold_ms;
  return out;
}

}  // namespace

bool SinkRouter::TakesEventsWithoutDestination() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->eventbridge != nullptr;
}

std::optional<DeliveryResult> SinkRouter::DeliverEvent(const EventToDeliver& event,
                                                       std::string* why, std::stop_token stop) {
  const std::string& destination_arn = event.destination_arn;
  // Choose under the lock, deliver outside it: a slow receiver must not block AddWebhook or
  // other deliveries.
  std::optional<WebhookBinding> binding;
  std::shared_ptr<SnsHttpDelivery> sns_http;
  std::shared_ptr<EventBridgeSink> eventbridge;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    for (const WebhookBinding& candidate : state_->webhooks) {
      if (!destination_arn.empty() && GlobMatches(candidate.arn_glob, destination_arn)) {
        binding = candidate;
        break;
      }
    }
    sns_http = state_->sns_http;
    eventbridge = state_->eventbridge;
  }
  unsigned done = event.id.empty() ? 0u : state_->Done(event.id);

  std::optional<DeliveryResult> primary;
  std::string primary_why;
  if (done & kPrimary) {
    primary = Settled(true, "earlier attempt", "delivered by an earlier attempt");
  } else if (binding && binding->sns) {
    if (sns_http) {
      primary = sns_http->Deliver(event, binding->url, *state_->client, state_->timeout_ms,
                                  &primary_why, stop);
    } else {
      primary = Settled(false, "sns-http " + binding->url, "SNS HTTP delivery is not set up");
    }
  } else if (binding) {
    primary = MakeWebhookSink(binding->url, state_->timeout_ms, state_->client)
                  ->Deliver(destination_arn, event.envelope_json, stop);
  } else if (SnsTopicRegion(destination_arn).has_value() && state_->sns_sink) {
    primary = state_->sns_sink->Deliver(destination_arn, event.envelope_json, stop);
  } else if (destination_arn.empty()) {
    primary_why = "the WhatsApp Business Account has no event destination";
  } else {
    primary_why = "no --webhook binding matches " + destination_arn;
    if (!state_->sns_sink) {
      primary_why += " and no --sns-endpoint is set";
    } else {
      primary_why += " and it is not an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME)";
    }
  }

  if (!eventbridge) {
    if (!primary && why != nullptr) *why = primary_why;
    return primary;
  }
  std::optional<DeliveryResult> bus;
  if (done & kEventBridge) {
    bus = Settled(true, eventbridge->Describe(), "delivered by an earlier attempt");
  } else {
    bus = eventbridge->Deliver(event, std::move(stop));
  }
  if (!event.id.empty()) {
    unsigned parts =
        (primary && primary->delivered ? kPrimary : 0u) | (bus->delivered ? kEventBridge : 0u);
    bool finished = (!primary || primary->delivered) && bus->delivered;
    // An event that cannot succeed is finished too: a later replay sends it whole.
    bool hopeless = (primary && !primary->delivered && !primary->retryable && !primary->hold_ms) ||
                    (!bus->delivered && !bus->retryable);
    if (finished || hopeless) {
      state_->Forget(event.id);
    } else if (parts != 0) {
      state_->Remember(event.id, parts);
    }
  }
  if (!primary) {
    // No SNS or webhook target: EventBridge alone decides, and the reason is kept with it.
    bus->detail += "; " + primary_why;
    return bus;
  }
  return Combine(*primary, *bus);
}

std::string SinkRouter::Describe() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  std::string text;
  for (const WebhookBinding& binding : state_->webhooks) {
    if (!text.empty()) text += "; ";
    text += (binding.sns ? "sns-http " : "webhook ") + binding.arn_glob + " -> " + binding.url;
  }
  if (state_->sns_sink) {
    if (!text.empty()) text += "; ";
    text += "SNS topics -> " + state_->sns.endpoint;
  }
  if (state_->eventbridge) {
    if (!text.empty()) text += "; ";
    text += state_->eventbridge->Describe();
  }
  if (text.empty())
    return "no event destinations bound (set --webhook ARN_GLOB=URL or --sns-endpoint)";
  return text;
}

void SinkRouter::AddWebhook(WebhookBinding binding) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->webhooks.push_back(std::move(binding));
}

}  // namespace socialite::events
