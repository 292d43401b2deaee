#include "server/handlers/views.h"

#include "server/handlers/resource_ids.h"

namespace socialite {

Value StatusCodeOk() {
  Value out = Value::Object();
  out.Set("statusCode", 200);
  return out;
}

Value PhoneNumberView(const storage::Partition& p, const storage::PhoneNumberRecord& n) {
  Value v = Value::Object();
  v.Set("arn", PhoneNumberArn(p, n.id));
  v.Set("phoneNumber", n.meta.phone_number);
  v.Set("phoneNumberId", n.id);
  v.Set("metaPhoneNumberId", n.meta.meta_phone_number_id);
  v.Set("displayPhoneNumberName", n.meta.display_name);
  v.Set("displayPhoneNumber", n.meta.display_phone_number);
  v.Set("qualityRating", n.meta.quality_rating);
  if (n.data_localization_region) v.Set("dataLocalizationRegion", *n.data_localization_region);
  return v;
}

Value EventDestinationsView(const std::vector<storage::EventDestination>& destinations) {
  Value list = Value::List();
  for (const auto& d : destinations) {
    Value item = Value::Object();
    item.Set("eventDestinationArn", d.event_destination_arn);
    if (d.role_arn) item.Set("roleArn", *d.role_arn);
    list.Push(std::move(item));
  }
  return list;
}

Value WabaSummaryView(const storage::Partition& p, const storage::WabaRecord& w) {
  Value v = Value::Object();
  v.Set("arn", WabaArn(p, w.id));
  v.Set("id", w.id);
  v.Set("wabaId", w.meta_waba_id);
  v.Set("registrationStatus", w.registration_status);
  v.Set("linkDate", Timestamp{static_cast<double>(w.link_date_ms / 1000)});
  v.Set("wabaName", w.name);
  v.Set("enableSending", w.enable_sending);
  v.Set("enableReceiving", w.enable_receiving);
  v.Set("eventDestinations", EventDestinationsView(w.event_destinations));
  if (w.dataset_id) v.Set("datasetId", *w.dataset_id);
  return v;
}

Value WabaView(const storage::Partition& p, const storage::WabaRecord& waba,
               const std::vector<storage::PhoneNumberRecord>& numbers) {
  Value v = WabaSummaryView(p, waba);
  Value list = Value::List();
  for (const auto& n : numbers) list.Push(PhoneNumberView(p, n));
  v.Set("phoneNumbers", std::move(list));
  return v;
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
