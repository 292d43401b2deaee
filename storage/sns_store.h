// SnsStore: the SNS HTTP(S) subscriptions that --webhook bindings make (one per topic and
// endpoint URL, pending until the receiver confirms it) and the key that signs SNS messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"

namespace socialite::storage {

// The start of an event's last_error while it waits for its subscription's confirmation;
// confirming releases exactly those events.
inline constexpr char kHeldForConfirmation[] = "waiting for SNS subscription confirmation";

struct SnsSubscription {
  std::string subscription_arn;  // TOPIC_ARN:UUID, as SNS names them
  std::string topic_arn;
  std::string endpoint;  // the URL notifications are POSTed to
  std::string token;     // the ConfirmSubscription token
  std::string state;     // pending | confirmed | unsubscribed
  int64_t created_ms = 0;
  std::optional<int64_t> confirmation_sent_ms;  // the last SubscriptionConfirmation accepted
  std::optional<int64_t> confirmed_ms;
};

struct SnsSigningKey {
  std::string private_key_pem;
  std::string certificate_pem;
  int64_t created_ms = 0;
};

class SnsStore {
 public:
  explicit SnsStore(Database& db) : db_(db) {}

  StoreResult<std::optional<SnsSubscription>> Find(const std::string& topic_arn,
                                                   const std::string& endpoint);
  StoreResult<std::optional<SnsSubscription>> FindByArn(const std::string& subscription_arn);
  // kAlreadyExists when the topic and endpoint already have one.
  StoreStatus Insert(const SnsSubscription& subscription);
  StoreStatus MarkConfirmationSent(const std::string& subscription_arn, int64_t now_ms);
  // Confirms the topic's subscription holding `token` (kNotFound when none does) and answers
  // it; an unsubscribed one stays unsubscribed.
  StoreResult<SnsSubscription> Confirm(const std::string& topic_arn, const std::string& token,
                                       int64_t now_ms);
  // kNotFound when there is no such subscription.
  StoreStatus Unsubscribe(const std::string& subscription_arn);
  // The topic's events that wait for a confirmation may go at `now_ms`; returns how many.
  StoreResult<int64_t> ReleaseHeldEvents(const std::string& topic_arn, int64_t now_ms);

  StoreResult<std::optional<SnsSigningKey>> SigningKey();
  // Keeps the first key stored: a second writer's key is ignored (answer SigningKey()).
  StoreStatus PutSigningKeyIfAbsent(const SnsSigningKey& key);

 private:
  Database& db_;
};

}  // namespace socialite::storage
