// SinkRouter and the configuration syntax it is built from (--webhook ARN_GLOB=URL globs).
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/events/sinks/sink.h"
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

struct SinkRouter::State {
  std::mutex mu;
  std::vector<WebhookBinding> webhooks;  // guarded by mu; checked in order
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
};

SinkRouter::SinkRouter(std::vector<WebhookBinding> webhooks, SnsSettings sns, int timeout_ms)
    : state_(std::make_shared<State>(std::move(webhooks), std::move(sns), timeout_ms)) {}

std::optional<DeliveryResult> SinkRouter::Deliver(const std::string& destination_arn,
                                                  const std::string& envelope_json,
                                                  std::string* why, std::stop_token stop) {
  // Choose under the lock, deliver outside it: a slow receiver must not block AddWebhook or
  // other deliveries.
  std::optional<std::string> url;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    for (const WebhookBinding& binding : state_->webhooks) {
      if (GlobMatches(binding.arn_glob, destination_arn)) {
        url = binding.url;
        break;
      }
    }
  }
  if (url)
    return MakeWebhookSink(*url, state_->timeout_ms, state_->client)
        ->Deliver(destination_arn, envelope_json, std::move(stop));

  bool is_topic = SnsTopicRegion(destination_arn).has_value();
  if (is_topic && state_->sns_sink)
    return state_->sns_sink->Deliver(destination_arn, envelope_json, std::move(stop));

  if (why != nullptr) {
    *why = "no --webhook binding matches " + destination_arn;
    if (!state_->sns_sink) {
      *why += " and no --sns-endpoint is set";
    } else {
      *why += " and it is not an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME)";
    }
  }
  return std::nullopt;
}

std::string SinkRouter::Describe() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  std::string text;
  for (const WebhookBinding& binding : state_->webhooks) {
    if (!text.empty()) text += "; ";
    text += "webhook " + binding.arn_glob + " -> " + binding.url;
  }
  if (state_->sns_sink) {
    if (!text.empty()) text += "; ";
    text += "SNS topics -> " + state_->sns.endpoint;
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
