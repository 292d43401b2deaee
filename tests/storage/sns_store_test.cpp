// SnsStore on ":memory:": one subscription per topic and endpoint, confirmation by token,
// unsubscribing, the release of exactly the events held for a confirmation, and the signing
// key (first one kept, and kept across a reset's wipe).
#include "storage/sns_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/database.h"
#include "storage/event_store.h"

namespace socialite::storage {
namespace {

constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:t";
constexpr char kUrl[] = "http://127.0.0.1:9/sns";
constexpr int64_t kT0 = 1767225600000;

SnsSubscription Pending(const std::string& arn = std::string(kTopic) + ":sub-1") {
  SnsSubscription s;
  s.subscription_arn = arn;
  s.topic_arn = kTopic;
  s.endpoint = kUrl;
  s.token = "token-" + arn;
  s.state = "pending";
  s.created_ms = kT0;
  return s;
}

class SnsStoreTest : public ::testing::Test {
 protected:
  SnsStoreTest() {
    auto opened = Database::Open(":memory:");
    if (opened.ok()) db_ = std::move(opened).value();
  }
  void SetUp() override { ASSERT_NE(db_, nullptr); }

  EventRecord Held(const std::string& id, const std::string& last_error) {
    EventRecord e;
    e.id = id;
    e.partition = {"000000000000", "us-east-1"};
    e.waba_id = "waba-1";
    e.kind = "status";
    e.field = "messages";
    e.envelope_json = "{}";
    e.destination_arn = kTopic;
    e.created_ms = kT0;
    e.due_ms = kT0;
    EXPECT_TRUE(EventStore(*db_).Append(e).ok());
    EXPECT_TRUE(EventStore(*db_).MarkRetrying(id, 0, kT0 + 5000, last_error).ok());
    return e;
  }
  std::optional<int64_t> NextAttempt(const std::string& id) {
    auto all = EventStore(*db_).List({}, 0, 100);
    for (const auto& e : all.value()) {
      if (e.id == id) return e.next_attempt_ms;
    }
    return std::nullopt;
  }

  std::unique_ptr<Database> db_;
};

TEST_F(SnsStoreTest, OneSubscriptionPerTopicAndEndpoint) {
  SnsStore store(*db_);
  ASSERT_TRUE(store.Insert(Pending()).ok());
  EXPECT_EQ(store.Insert(Pending(std::string(kTopic) + ":sub-2")).code(),
            StoreCode::kAlreadyExists);
  auto found = store.Find(kTopic, kUrl);
  ASSERT_TRUE(found.ok() && found.value().has_value());
  EXPECT_EQ(found.value()->subscription_arn, std::string(kTopic) + ":sub-1");
  EXPECT_EQ(found.value()->state, "pending");
  EXPECT_FALSE(store.Find(kTopic, "http://elsewhere/").value().has_value());
}

TEST_F(SnsStoreTest, ConfirmNeedsTheTopicsTokenAndSticks) {
  SnsStore store(*db_);
  ASSERT_TRUE(store.Insert(Pending()).ok());
  EXPECT_EQ(store.Confirm(kTopic, "wrong", kT0).code(), StoreCode::kNotFound);
  EXPECT_EQ(store.Confirm("arn:aws:sns:us-east-1:000000000000:other", Pending().token, kT0).code(),
            StoreCode::kNotFound);
  auto confirmed = store.Confirm(kTopic, Pending().token, kT0 + 7);
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed.value().state, "confirmed");
  EXPECT_EQ(confirmed.value().confirmed_ms, kT0 + 7);
  // Confirming again answers the same subscription and keeps the first time.
  EXPECT_EQ(store.Confirm(kTopic, Pending().token, kT0 + 9).value().confirmed_ms, kT0 + 7);
}

TEST_F(SnsStoreTest, UnsubscribedStaysUnsubscribed) {
  SnsStore store(*db_);
  ASSERT_TRUE(store.Insert(Pending()).ok());
  EXPECT_EQ(store.Unsubscribe("arn:nothing").code(), StoreCode::kNotFound);
  ASSERT_TRUE(store.Unsubscribe(Pending().subscription_arn).ok());
  EXPECT_EQ(store.Confirm(kTopic, Pending().token, kT0).value().state, "unsubscribed");
  EXPECT_EQ(store.FindByArn(Pending().subscription_arn).value()->state, "unsubscribed");
}

TEST_F(SnsStoreTest, ReleasesOnlyEventsHeldForConfirmation) {
  Held("held", std::string(kHeldForConfirmation) + " of x (sent)");
  Held("backoff", "HTTP 500");
  auto released = SnsStore(*db_).ReleaseHeldEvents(kTopic, kT0 + 1000);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released.value(), 1);
  EXPECT_EQ(NextAttempt("held"), kT0 + 1000);
  EXPECT_EQ(NextAttempt("backoff"), kT0 + 5000);
  EXPECT_EQ(SnsStore(*db_).ReleaseHeldEvents("arn:other", kT0).value(), 0);
}

TEST_F(SnsStoreTest, SigningKeyFirstOneWinsAndOutlivesAReset) {
  SnsStore store(*db_);
  EXPECT_FALSE(store.SigningKey().value().has_value());
  ASSERT_TRUE(store.PutSigningKeyIfAbsent({"key-1", "cert-1", kT0}).ok());
  ASSERT_TRUE(store.PutSigningKeyIfAbsent({"key-2", "cert-2", kT0 + 1}).ok());
  ASSERT_TRUE(store.Insert(Pending()).ok());
  ASSERT_TRUE(db_->DeleteAllRows().ok());
  auto key = store.SigningKey();
  ASSERT_TRUE(key.ok() && key.value().has_value());
  EXPECT_EQ(key.value()->private_key_pem, "key-1");
  EXPECT_EQ(key.value()->certificate_pem, "cert-1");
  EXPECT_FALSE(store.Find(kTopic, kUrl).value().has_value()) << "subscriptions are wiped";
}

}  // namespace
}  // namespace socialite::storage
