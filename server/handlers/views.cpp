#include "server/handlers/views.h"

#include "server/handlers/resource_ids.h"

namespace socialite {

Value StatusCodeOk() {
  Value out = Value::Object();
  out.Set("statusCode", 200);
  return out;
}

// The views below build their members directly: the names are distinct, so Value::Set's
// search for an existing one would be wasted (these views are in every read of an account).

Value PhoneNumberView(const storage::Partition& p, const storage::PhoneNumberRecord& n) {
  ValueFields v;
  v.reserve(8);
  v.emplace_back("arn", PhoneNumberArn(p, n.id));
  v.emplace_back("phoneNumber", n.meta.phone_number);
  v.emplace_back("phoneNumberId", n.id);
  v.emplace_back("metaPhoneNumberId", n.meta.meta_phone_number_id);
  v.emplace_back("displayPhoneNumberName", n.meta.display_name);
  v.emplace_back("displayPhoneNumber", n.meta.display_phone_number);
  v.emplace_back("qualityRating", n.meta.quality_rating);
  if (n.data_localization_region) {
    v.emplace_back("dataLocalizationRegion", *n.data_localization_region);
  }
  return Value(std::move(v));
}

Value EventDestinationsView(const std::vector<storage::EventDestination>& destinations) {
  ValueList list;
  list.reserve(destinations.size());
  for (const auto& d : destinations) {
    ValueFields item;
    item.reserve(2);
    item.emplace_back("eventDestinationArn", d.event_destination_arn);
    if (d.role_arn) item.emplace_back("roleArn", *d.role_arn);
    list.emplace_back(std::move(item));
  }
  return Value(std::move(list));
}

namespace {

// The summary's members, with room for `extra` more.
ValueFields WabaSummaryFields(const storage::Partition& p, const storage::WabaRecord& w,
                              size_t extra) {
  ValueFields v;
  v.reserve(10 + extra);
  v.emplace_back("arn", WabaArn(p, w.id));
  v.emplace_back("id", w.id);
  v.emplace_back("wabaId", w.meta_waba_id);
  v.emplace_back("registrationStatus", w.registration_status);
  v.emplace_back("linkDate", Timestamp{static_cast<double>(w.link_date_ms / 1000)});
  v.emplace_back("wabaName", w.name);
  v.emplace_back("enableSending", w.enable_sending);
  v.emplace_back("enableReceiving", w.enable_receiving);
  v.emplace_back("eventDestinations", EventDestinationsView(w.event_destinations));
  if (w.dataset_id) v.emplace_back("datasetId", *w.dataset_id);
  return v;
}

}  // namespace

Value WabaSummaryView(const storage::Partition& p, const storage::WabaRecord& w) {
  return Value(WabaSummaryFields(p, w, 0));
}

Value WabaView(const storage::Partition& p, const storage::WabaRecord& waba,
               const std::vector<storage::PhoneNumberRecord>& numbers) {
  ValueFields v = WabaSummaryFields(p, waba, 1);
  ValueList list;
  list.reserve(numbers.size());
  for (const auto& n : numbers) list.push_back(PhoneNumberView(p, n));
  v.emplace_back("phoneNumbers", std::move(list));
  return Value(std::move(v));
}

Value TagsView(const std::vector<storage::TagRecord>& tags) {
  Value list = Value::List();
  for (const auto& t : tags) {
    Value item = Value::Object();
    item.Set("key", t.key);
    item.Set("value", t.value);
    list.Push(std::move(item));
  }
  return list;
}

std::vector<storage::TagRecord> TagsFrom(const Value* tag_list) {
  std::vector<storage::TagRecord> tags;
  if (tag_list == nullptr || !tag_list->is_list()) return tags;
  for (const auto& item : tag_list->AsList()) {
    tags.push_back({item.GetString("key").value_or(""), item.GetString("value").value_or("")});
  }
  return tags;
}

std::vector<storage::EventDestination> EventDestinationsFrom(const Value* destination_list) {
  std::vector<storage::EventDestination> out;
  if (destination_list == nullptr || !destination_list->is_list()) return out;
  for (const auto& item : destination_list->AsList()) {
    out.push_back({item.GetString("eventDestinationArn").value_or(""), item.GetString("roleArn")});
  }
  return out;
}

}  // namespace socialite
