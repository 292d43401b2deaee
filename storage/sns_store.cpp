#include "storage/sns_store.h"

#include <sqlite3.h>

#include "storage/statement.h"

namespace socialite::storage {
namespace {

constexpr char kColumns[] =
    "subscription_arn, topic_arn, endpoint, token, state, created_ms, confirmation_sent_ms, "
    "confirmed_ms";

SnsSubscription ReadSubscription(const Statement& row) {
  SnsSubscription out;
  out.subscription_arn = row.Text(0);
  out.topic_arn = row.Text(1);
  out.endpoint = row.Text(2);
  out.token = row.Text(3);
  out.state = row.Text(4);
  out.created_ms = row.Int(5);
  if (!row.IsNull(6)) out.confirmation_sent_ms = row.Int(6);
  if (!row.IsNull(7)) out.confirmed_ms = row.Int(7);
  return out;
}

StoreResult<std::optional<SnsSubscription>> FindOne(Statement& row) {
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<SnsSubscription>();
  }
  return std::optional<SnsSubscription>(ReadSubscription(row));
}

}  // namespace

StoreResult<std::optional<SnsSubscription>> SnsStore::Find(const std::string& topic_arn,
                                                           const std::string& endpoint) {
  Statement row(db_, std::string("SELECT ") + kColumns +
                         " FROM sns_subscriptions WHERE topic_arn = ?1 AND endpoint = ?2");
  row.Bind(1, topic_arn).Bind(2, endpoint);
  return FindOne(row);
}

StoreResult<std::optional<SnsSubscription>> SnsStore::FindByArn(
    const std::string& subscription_arn) {
  Statement row(db_, std::string("SELECT ") + kColumns +
                         " FROM sns_subscriptions WHERE subscription_arn = ?1");
  row.Bind(1, subscription_arn);
  return FindOne(row);
}

StoreStatus SnsStore::Insert(const SnsSubscription& s) {
  Statement insert(db_,
                   "INSERT INTO sns_subscriptions (subscription_arn, topic_arn, endpoint, token, "
                   "state, created_ms, confirmation_sent_ms, confirmed_ms) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
  insert.Bind(1, s.subscription_arn)
      .Bind(2, s.topic_arn)
      .Bind(3, s.endpoint)
      .Bind(4, s.token)
      .Bind(5, s.state)
      .Bind(6, s.created_ms);
  if (s.confirmation_sent_ms) {
    insert.Bind(7, *s.confirmation_sent_ms);
  } else {
    insert.BindNull(7);
  }
  if (s.confirmed_ms) {
    insert.Bind(8, *s.confirmed_ms);
  } else {
    insert.BindNull(8);
  }
  RETURN_IF_STORE_ERROR(insert.Run());
  int64_t rows = sqlite3_changes(db_.handle());
  if (rows == 0) return StoreError{StoreCode::kAlreadyExists, "subscription exists"};
  return {};
}

StoreStatus SnsStore::MarkConfirmationSent(const std::string& subscription_arn, int64_t now_ms) {
  Statement update(db_,
                   "UPDATE sns_subscriptions SET confirmation_sent_ms = ?2 "
                   "WHERE subscription_arn = ?1");
  return update.Bind(1, subscription_arn).Bind(2, now_ms).Run();
}

StoreResult<SnsSubscription> SnsStore::Confirm(const std::string& topic_arn,
                                               const std::string& token, int64_t now_ms) {
  Statement update(db_,
                   "UPDATE sns_subscriptions SET state = 'confirmed', confirmed_ms = ?3 "
                   "WHERE topic_arn = ?1 AND token = ?2 AND state = 'pending'");
  RETURN_IF_STORE_ERROR(update.Bind(1, topic_arn).Bind(2, token).Bind(3, now_ms).Run());
  Statement row(db_, std::string("SELECT ") + kColumns +
                         " FROM sns_subscriptions WHERE topic_arn = ?1 AND token = ?2");
  row.Bind(1, topic_arn).Bind(2, token);
  StoreResult<std::optional<SnsSubscription>> read = FindOne(row);
  if (!read.ok()) return read.error();
  std::optional<SnsSubscription> found = std::move(read).value();
  if (!found) return StoreError{StoreCode::kNotFound, "no subscription holds this token"};
  return *found;
}

StoreStatus SnsStore::Unsubscribe(const std::string& subscription_arn) {
  Statement update(db_,
                   "UPDATE sns_subscriptions SET state = 'unsubscribed' "
                   "WHERE subscription_arn = ?1");
  RETURN_IF_STORE_ERROR(update.Bind(1, subscription_arn).Run());
  int64_t rows = sqlite3_changes(db_.handle());
  if (rows == 0) return StoreError{StoreCode::kNotFound, "no such subscription"};
  return {};
}

StoreResult<int64_t> SnsStore::ReleaseHeldEvents(const std::string& topic_arn, int64_t now_ms) {
  Statement update(db_,
                   "UPDATE events SET next_attempt_ms = ?2 WHERE destination_arn = ?1 "
                   "AND delivery_state IN ('pending', 'retrying') "  // the open-events indexes
                   "AND delivery_state = 'retrying' AND next_attempt_ms > ?2 "
                   "AND substr(last_error, 1, length(?3)) = ?3");
  RETURN_IF_STORE_ERROR(
      update.Bind(1, topic_arn).Bind(2, now_ms).Bind(3, kHeldForConfirmation).Run());
  return static_cast<int64_t>(sqlite3_changes(db_.handle()));
}

StoreResult<std::optional<SnsSigningKey>> SnsStore::SigningKey() {
  Statement row(db_,
                "SELECT private_key_pem, certificate_pem, created_ms FROM sns_signing_keys "
                "WHERE id = 1");
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<SnsSigningKey>();
  }
  return std::optional<SnsSigningKey>(SnsSigningKey{row.Text(0), row.Text(1), row.Int(2)});
}

StoreStatus SnsStore::PutSigningKeyIfAbsent(const SnsSigningKey& key) {
  Statement insert(db_,
                   "INSERT INTO sns_signing_keys (id, private_key_pem, certificate_pem, "
                   "created_ms) VALUES (1, ?1, ?2, ?3) ON CONFLICT DO NOTHING");
  return insert.Bind(1, key.private_key_pem)
      .Bind(2, key.certificate_pem)
      .Bind(3, key.created_ms)
      .Run();
}

}  // namespace socialite::storage
