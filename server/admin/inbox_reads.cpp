// The inbox page's reads: accounts, conversations and the clock, as the admin API answers them.
#include "server/admin/inbox_reads.h"

#include <algorithm>

#include "server/admin/inbox_views.h"
#include "server/events/envelope.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "storage/message_store.h"
#include "storage/phone_number_store.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

// Meta's customer service window: 24 hours after the customer's last message.
constexpr int64_t kServiceWindowMs = 24LL * 60 * 60 * 1000;
constexpr int kWabaPage = 100;

Value PhoneNumberView(const storage::Partition& p, const storage::PhoneNumberRecord& number) {
  Value view = Value::Object();
  view.Set("phoneNumberId", number.id);
  view.Set("arn", PhoneNumberArn(p, number.id));
  view.Set("metaPhoneNumberId", number.meta.meta_phone_number_id);
  view.Set("phoneNumber", number.meta.phone_number);
  view.Set("displayPhoneNumber", number.meta.display_phone_number);
  view.Set("displayName", number.meta.display_name);
  view.Set("qualityRating", number.meta.quality_rating);
  return view;
}

Result<Value> WabaView(Services& services, const storage::Partition& p,
                       const storage::WabaRecord& waba) {
  Value view = Value::Object();
  view.Set("account", p.account);
  view.Set("region", p.region);
  view.Set("wabaId", waba.id);
  view.Set("arn", WabaArn(p, waba.id));
  view.Set("metaWabaId", waba.meta_waba_id);
  view.Set("name", waba.name);
  view.Set("registrationStatus", waba.registration_status);
  Value destinations = Value::List();
  for (const auto& d : waba.event_destinations) {
    Value destination = Value::Object();
    destination.Set("eventDestinationArn", d.event_destination_arn);
    if (d.role_arn) destination.Set("roleArn", *d.role_arn);
    destinations.Push(std::move(destination));
  }
  view.Set("eventDestinations", std::move(destinations));
  ASSIGN_OR_RETURN(auto numbers,
                   FromStore(storage::PhoneNumberStore(services.db).ListForWaba(p, waba.id)));
  Value list = Value::List();
  for (const auto& number : numbers) list.Push(PhoneNumberView(p, number));
  view.Set("phoneNumbers", std::move(list));
  return view;
}

}  // namespace

Result<Value> AccountsList(Services& services) {
  storage::WabaStore wabas(services.db);
  ASSIGN_OR_RETURN(auto partitions, FromStore(wabas.Partitions()));
  Value list = Value::List();
  for (const auto& p : partitions) {
    std::vector<storage::WabaRecord> all;
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page, FromStore(wabas.ListAfter(p, after, kWabaPage)));
      for (auto& waba : page) all.push_back(std::move(waba));
      if (page.size() < static_cast<size_t>(kWabaPage)) break;
      after = all.back().seq;
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& waba : all) {
      ASSIGN_OR_RETURN(Value view, WabaView(services, p, waba));
      list.Push(std::move(view));
    }
  }
  Value out = Value::Object();
  out.Set("accounts", std::move(list));
  return out;
}

namespace {

Result<Value> ConversationView(Services& services, InboxViews& inbox,
                               const storage::ThreadSummary& thread) {
  const storage::MessageRecord& last = thread.last;
  Value view = Value::Object();
  view.Set("phoneNumberId", last.phone_number_id);
  view.Set("wabaId", last.waba_id);
  view.Set("account", thread.partition.account);
  view.Set("region", thread.partition.region);
  view.Set("customer", last.wa_id);
  view.Set("customerName", thread.customer_name ? Value(*thread.customer_name) : Value());
  view.Set("messageCount", thread.message_count);
  view.Set("lastActivityAt", events::Rfc3339Nanos(last.created_ms));
  view.Set("lastActivityMs", last.created_ms);
  Value message = Value::Object();
  message.Set("wamid", last.wamid);
  message.Set("direction", last.direction);
  message.Set("type", last.type);
  ASSIGN_OR_RETURN(std::string preview, inbox.Preview(thread.partition, last));
  message.Set("preview", std::move(preview));
  message.Set("createdAt", events::Rfc3339Nanos(last.created_ms));
  view.Set("lastMessage", std::move(message));
  if (thread.last_inbound_ms) {
    int64_t expires = *thread.last_inbound_ms + kServiceWindowMs;
    view.Set("windowExpiresAt", events::Rfc3339Nanos(expires));
    view.Set("windowExpiresMs", expires);
    // As the send handler decides: the window is closed from its expiry on.
    view.Set("windowOpen", services.clock.NowMillis() < expires);
  } else {
    view.Set("windowExpiresAt", Value());
    view.Set("windowExpiresMs", Value());
    view.Set("windowOpen", false);
  }
  return view;
}

}  // namespace

Result<Value> ConversationsList(Services& services,
                                const std::optional<std::string>& phone_number_id, int limit) {
  ASSIGN_OR_RETURN(
      auto threads,
      FromStore(storage::MessageStore(services.db).ListThreads(phone_number_id, limit)));
  InboxViews inbox(services);
  Value list = Value::List();
  for (const auto& thread : threads) {
    ASSIGN_OR_RETURN(Value view, ConversationView(services, inbox, thread));
    list.Push(std::move(view));
  }
  Value out = Value::Object();
  out.Set("conversations", std::move(list));
  return out;
}

Value ClockView(const Services& services, bool manual) {
  Value out = Value::Object();
  out.Set("mode", manual ? "manual" : "system");
  out.Set("nowMillis", services.clock.NowMillis());
  out.Set("now", events::Rfc3339Nanos(services.clock.NowMillis()));
  return out;
}

}  // namespace socialite
