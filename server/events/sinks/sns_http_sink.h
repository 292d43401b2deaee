// SNS HTTP(S) delivery: what SNS does for an HTTP(S) endpoint subscribed to a topic. The first
// event for a (topic, URL) pair creates the subscription and POSTs a SubscriptionConfirmation;
// the events wait (held, no attempt counted) until the receiver GETs the SubscribeURL, or at
// once with auto-confirmation; then each event goes as a signed Notification whose Message is
// the envelope. The subscription and its state live in the database (storage/sns_store.h).
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "server/core/clock.h"
#include "server/events/sinks/sink.h"
#include "server/events/sinks/sns_signer.h"

namespace socialite::exec {
class StateAccess;
}
namespace socialite::net {
class HttpClient;
}

namespace socialite::events {

struct SnsHttpSettings {
  int signature_version = 1;  // 1: SHA1withRSA, 2: SHA256withRSA
  bool auto_confirm = false;  // subscriptions start confirmed: no handshake
  // A held event is looked at again after this long (a confirmation releases it at once).
  int64_t recheck_ms = 5000;
  // A confirmation the receiver accepted but did not act on is sent again after this long.
  int64_t resend_ms = 60000;
};

// The paths Socialite serves for SNS receivers, under the public base URL.
inline constexpr char kSnsServedPath[] = "/_socialite/sns/";

class SnsHttpDelivery {
 public:
  SnsHttpDelivery(exec::StateAccess& state, const Clock& clock,
                  std::shared_ptr<const SnsSigner> signer, SnsHttpSettings settings);

  // Where receivers reach Socialite, e.g. "http://127.0.0.1:4576" (no trailing slash).
  void SetPublicBaseUrl(std::string url);
  std::string PublicBaseUrl() const;
  const SnsSigner& signer() const { return *signer_; }
  const SnsHttpSettings& settings() const { return settings_; }

  std::string SigningCertUrl() const;
  std::string SubscribeUrl(const std::string& topic_arn, const std::string& token) const;
  std::string UnsubscribeUrl(const std::string& subscription_arn) const;

  // Delivers `event` to the subscription of its destination (an SNS topic ARN) at `url`.
  // nullopt with `why` when the subscription was unsubscribed; a result with hold_ms while it
  // waits for its confirmation.
  std::optional<DeliveryResult> Deliver(const EventToDeliver& event, const std::string& url,
                                        net::HttpClient& client, int timeout_ms, std::string* why,
                                        std::stop_token stop);

 private:
  exec::StateAccess& state_;
  const Clock& clock_;
  const std::shared_ptr<const SnsSigner> signer_;
  const SnsHttpSettings settings_;
  mutable std::mutex mu_;
  std::string base_url_;  // guarded by mu_
};

// Loads the signing key from the database, generating and storing one on first start.
Result<std::shared_ptr<const SnsSigner>> LoadOrCreateSnsSigner(exec::StateAccess& state,
                                                               const Clock& clock);

}  // namespace socialite::events
