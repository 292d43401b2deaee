// Webhook sink: one HTTP POST of the envelope per delivery, through a kept-alive net::HttpClient.
#include <memory>
#include <string>
#include <utility>

#include "server/dispatch/http_message.h"
#include "server/events/sinks/sink.h"
#include "server/net/http_client.h"

namespace socialite::events {
namespace {

// Enough of a receiver's error page to explain a failure in a log line.
constexpr size_t kMaxDetailBodyBytes = 200;

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool IsHttpUrl(const std::string& text) {
  return StartsWith(text, "http://") || StartsWith(text, "https://");
}

// Statuses where the same request may succeed later: timeouts, rate limits, server trouble.
bool IsRetryableStatus(int status) { return status == 408 || status == 429 || status >= 500; }

std::string DescribeResponse(const HttpResponse& response) {
  std::string detail = "HTTP " + std::to_string(response.status);
  if (response.body.empty()) return detail;
  detail += ": " + response.body.substr(0, kMaxDetailBodyBytes);
  if (response.body.size() > kMaxDetailBodyBytes) detail += "…";
  return detail;
}

DeliveryResult Post(net::HttpClient& client, const std::string& url,
                    const std::string& destination_arn, const std::string& envelope_json,
                    int timeout_ms, std::stop_token stop) {
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", "application/json"},
                     {"User-Agent", "Socialite"},
                     {"x-socialite-event-destination", destination_arn}};
  request.body = envelope_json;

  DeliveryResult result;
  result.target = "webhook " + url;
  net::ClientResult sent = client.Send(url, request, timeout_ms, std::move(stop));
  if (!sent.ok) {
    // No answer at all (refused, timed out, DNS): the receiver may simply not be up yet.
    result.retryable = true;
    result.detail = sent.error;
    return result;
  }
  result.http_status = sent.response.status;
  result.delivered = result.http_status >= 200 && result.http_status <= 299;
  result.retryable = !result.delivered && IsRetryableStatus(result.http_status);
  result.detail = result.delivered ? "HTTP " + std::to_string(result.http_status)
                                   : DescribeResponse(sent.response);
  return result;
}

class UrlWebhookSink : public Sink {
 public:
  UrlWebhookSink(std::string url, int timeout_ms, std::shared_ptr<net::HttpClient> client)
      : url_(std::move(url)), timeout_ms_(timeout_ms), client_(std::move(client)) {}

  using Sink::Deliver;
  DeliveryResult Deliver(const std::string& destination_arn, const std::string& envelope_json,
                         std::stop_token stop) override {
    return Post(*client_, url_, destination_arn, envelope_json, timeout_ms_, std::move(stop));
  }

 private:
  const std::string url_;
  const int timeout_ms_;
  const std::shared_ptr<net::HttpClient> client_;
};

class DestinationWebhookSink : public Sink {
 public:
  DestinationWebhookSink(int timeout_ms, std::shared_ptr<net::HttpClient> client)
      : timeout_ms_(timeout_ms), client_(std::move(client)) {}

  using Sink::Deliver;
  DeliveryResult Deliver(const std::string& destination, const std::string& envelope_json,
                         std::stop_token stop) override {
    if (IsHttpUrl(destination)) {
      return Post(*client_, destination, destination, envelope_json, timeout_ms_, std::move(stop));
    }
    DeliveryResult result;
    result.retryable = false;
    result.target = "webhook";
    result.detail = "no webhook URL for " + destination;
    return result;
  }

 private:
  const int timeout_ms_;
  const std::shared_ptr<net::HttpClient> client_;
};

std::shared_ptr<net::HttpClient> OrOwnClient(std::shared_ptr<net::HttpClient> client) {
  return client ? std::move(client) : std::make_shared<net::HttpClient>();
}

}  // namespace

std::unique_ptr<Sink> MakeWebhookSink(const std::string& url, int timeout_ms,
                                      std::shared_ptr<net::HttpClient> client) {
  return std::make_unique<UrlWebhookSink>(url, timeout_ms, OrOwnClient(std::move(client)));
}

std::unique_ptr<Sink> MakeWebhookSink(int timeout_ms, std::shared_ptr<net::HttpClient> client) {
  return std::make_unique<DestinationWebhookSink>(timeout_ms, OrOwnClient(std::move(client)));
}

}  // namespace socialite::events
