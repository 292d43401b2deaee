#include "server/events/sinks/sns_http_sink.h"

#include <utility>

#include "server/dispatch/http_message.h"
#include "server/events/sinks/sns_message.h"
#include "server/exec/state_access.h"
#include "server/handlers/store_errors.h"
#include "server/net/http_client.h"
#include "server/objectstore/sigv4.h"
#include "storage/sns_store.h"

namespace socialite::events {
namespace {

constexpr size_t kMaxDetailBodyBytes = 200;
constexpr int kTokenHexDigits = 128;

bool IsRetryableStatus(int status) { return status == 408 || status == 429 || status >= 500; }
bool IsSuccess(int status) { return status >= 200 && status <= 299; }

std::string Describe(const net::ClientResult& sent) {
  if (!sent.ok) return sent.error;
  std::string detail = "HTTP " + std::to_string(sent.response.status);
  if (IsSuccess(sent.response.status) || sent.response.body.empty()) return detail;
  detail += ": " + sent.response.body.substr(0, kMaxDetailBodyBytes);
  if (sent.response.body.size() > kMaxDetailBodyBytes) detail += "…";
  return detail;
}

// The POST SNS makes, with the headers SNS sends.
net::ClientResult Post(net::HttpClient& client, const std::string& url, const SnsMessage& message,
                       const std::optional<std::string>& subscription_arn, int timeout_ms,
                       std::stop_token stop) {
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", "text/plain; charset=UTF-8"},
                     {"User-Agent", "Amazon Simple Notification Service Agent"},
                     {"x-amz-sns-message-type", message.type},
                     {"x-amz-sns-message-id", message.message_id},
                     {"x-amz-sns-topic-arn", message.topic_arn}};
  if (subscription_arn)
    request.headers.emplace_back("x-amz-sns-subscription-arn", *subscription_arn);
  request.body = SnsMessageJson(message);
  return client.Send(url, request, timeout_ms, std::move(stop));
}

std::string ConfirmationText(const std::string& topic_arn) {
  return "You have chosen to subscribe to the topic " + topic_arn +
         ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
}

}  // namespace

SnsHttpDelivery::SnsHttpDelivery(exec::StateAccess& state, const Clock& clock,
                                 std::shared_ptr<const SnsSigner> signer, SnsHttpSettings settings)
    : state_(state), clock_(clock), signer_(std::move(signer)), settings_(settings) {}

void SnsHttpDelivery::SetPublicBaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::lock_guard<std::mutex> lock(mu_);
  base_url_ = std::move(url);
}

std::string SnsHttpDelivery::PublicBaseUrl() const {
  std::lock_guard<std::mutex> lock(mu_);
  return base_url_;
}

std::string SnsHttpDelivery::SigningCertUrl() const {
  return PublicBaseUrl() + kSnsServedPath + signer_->certificate_file();
}

std::string SnsHttpDelivery::SubscribeUrl(const std::string& topic_arn,
                                          const std::string& token) const {
  return PublicBaseUrl() + kSnsServedPath +
         "?Action=ConfirmSubscription&TopicArn=" + objectstore::UriEncode(topic_arn, true) +
         "&Token=" + token;
}

std::string SnsHttpDelivery::UnsubscribeUrl(const std::string& subscription_arn) const {
  return PublicBaseUrl() + kSnsServedPath +
         "?Action=Unsubscribe&SubscriptionArn=" + objectstore::UriEncode(subscription_arn, true);
}

std::optional<DeliveryResult> SnsHttpDelivery::Deliver(const EventToDeliver& event,
                                                       const std::string& url,
                                                       net::HttpClient& client, int timeout_ms,
                                                       std::string* why, std::stop_token stop) {
  const std::string& topic = event.destination_arn;
  DeliveryResult result;
  result.target = "sns-http " + url;
  if (PublicBaseUrl().empty()) {
    // Started on port 0: the URLs in SNS messages are known once the server listens.
    result.hold_ms = settings_.recheck_ms;
    result.detail = "waiting for the server to listen (the SNS URLs need its address)";
    return result;
  }

  // The subscription of this topic and URL, made on first use.
  std::optional<storage::SnsSubscription> subscription;
  auto find = [&](Services& services) -> Status {
    ASSIGN_OR_RETURN(subscription, FromStore(storage::SnsStore(services.db).Find(topic, url)));
    return {};
  };
  Status found = state_.Read(find);
  if (found.ok() && !subscription) {
    found = state_.Write([&](Services& services) -> Status {
      RETURN_IF_ERROR(find(services));
      if (subscription) return {};
      storage::SnsSubscription fresh;
      fresh.subscription_arn = topic + ":" + services.ids.Uuid();
      fresh.topic_arn = topic;
      fresh.endpoint = url;
      fresh.token = services.ids.Hex(kTokenHexDigits);
      fresh.created_ms = clock_.NowMillis();
      fresh.state = settings_.auto_confirm ? "confirmed" : "pending";
      if (settings_.auto_confirm) fresh.confirmed_ms = fresh.created_ms;
      RETURN_IF_ERROR(FromStore(storage::SnsStore(services.db).Insert(fresh)));
      subscription = std::move(fresh);
      return {};
    });
  }
  if (!found.ok() || !subscription) {
    result.retryable = true;
    result.detail = "SNS subscription unavailable: " +
                    (found.ok() ? std::string("not stored") : found.error().message);
    return result;
  }

  if (subscription->state == "unsubscribed") {
    if (why != nullptr) {
      *why = "the SNS subscription " + subscription->subscription_arn + " of " + url +
             " was unsubscribed";
    }
    return std::nullopt;
  }

  if (subscription->state == "pending") {
    int64_t now = clock_.NowMillis();
    std::string note;
    bool send = !subscription->confirmation_sent_ms ||
                now - *subscription->confirmation_sent_ms >= settings_.resend_ms;
    if (send) {
      SnsMessage confirmation;
      confirmation.type = "SubscriptionConfirmation";
      confirmation.message_id =
          NameBasedUuid(subscription->subscription_arn + "|confirmation|" + std::to_string(now));
      confirmation.token = subscription->token;
      confirmation.topic_arn = topic;
      confirmation.message = ConfirmationText(topic);
      confirmation.subscribe_url = SubscribeUrl(topic, subscription->token);
      confirmation.timestamp = SnsTimestamp(now);
      confirmation.signature_version = settings_.signature_version;
      confirmation.signing_cert_url = SigningCertUrl();
      confirmation.signature =
          signer_->Sign(SnsStringToSign(confirmation), confirmation.signature_version);
      net::ClientResult sent = Post(client, url, confirmation, std::nullopt, timeout_ms, stop);
      note = "SubscriptionConfirmation to " + url + ": " + Describe(sent);
      if (sent.ok && IsSuccess(sent.response.status)) {
        (void)state_.Write([&](Services& services) -> Status {
          return FromStore(storage::SnsStore(services.db)
                               .MarkConfirmationSent(subscription->subscription_arn, now));
        });
      }
      // A receiver that confirms before it answers has confirmed by now: go on at once.
      (void)state_.Read(find);
    } else {
      note =
          "SubscriptionConfirmation sent at " + SnsTimestamp(*subscription->confirmation_sent_ms);
    }
    if (!subscription || subscription->state != "confirmed") {
      result.hold_ms = settings_.recheck_ms;
      result.detail = std::string(storage::kHeldForConfirmation) + " of " +
                      (subscription ? subscription->subscription_arn : topic) + " (" + note + ")";
      return result;
    }
  }

  SnsMessage notification;
  notification.type = "Notification";
  // The same event to the same subscription always has the same id: duplicates show as such.
  notification.message_id = NameBasedUuid(event.id + "|" + subscription->subscription_arn);
  notification.topic_arn = topic;
  notification.message = event.envelope_json;
  notification.timestamp = SnsTimestamp(event.created_ms);
  notification.signature_version = settings_.signature_version;
  notification.signing_cert_url = SigningCertUrl();
  notification.unsubscribe_url = UnsubscribeUrl(subscription->subscription_arn);
  notification.signature =
      signer_->Sign(SnsStringToSign(notification), notification.signature_version);
  net::ClientResult sent =
      Post(client, url, notification, subscription->subscription_arn, timeout_ms, std::move(stop));
  result.detail = Describe(sent);
  if (!sent.ok) {
    result.retryable = true;  // no answer at all: the receiver may not be up yet
    return result;
  }
  result.http_status = sent.response.status;
  result.delivered = IsSuccess(result.http_status);
  result.retryable = !result.delivered && IsRetryableStatus(result.http_status);
  return result;
}

Result<std::shared_ptr<const SnsSigner>> LoadOrCreateSnsSigner(exec::StateAccess& state,
                                                               const Clock& clock) {
  std::optional<storage::SnsSigningKey> stored;
  RETURN_IF_ERROR(state.Read([&](Services& services) -> Status {
    ASSIGN_OR_RETURN(stored, FromStore(storage::SnsStore(services.db).SigningKey()));
    return {};
  }));
  if (!stored) {
    // Made outside the writer: RSA key generation takes tens of milliseconds.
    ASSIGN_OR_RETURN(SnsKeyPem fresh, SnsSigner::Generate());
    RETURN_IF_ERROR(state.Write([&](Services& services) -> Status {
      storage::SnsStore store(services.db);
      RETURN_IF_ERROR(FromStore(store.PutSigningKeyIfAbsent(
          {fresh.private_key_pem, fresh.certificate_pem, clock.NowMillis()})));
      ASSIGN_OR_RETURN(stored, FromStore(store.SigningKey()));
      return {};
    }));
  }
  if (!stored) return InternalService("the SNS signing key was not stored");
  return SnsSigner::Load({stored->private_key_pem, stored->certificate_pem});
}

}  // namespace socialite::events
