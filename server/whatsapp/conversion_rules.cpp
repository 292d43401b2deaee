#include "server/whatsapp/conversion_rules.h"

#include <array>
#include <cctype>
#include <string_view>

namespace socialite::whatsapp {
namespace {

constexpr std::array<std::string_view, 14> kEventNames = {
    "Purchase",      "LeadSubmitted", "InitiateCheckout", "AddToCart",     "ViewContent",
    "OrderCreated",  "OrderShipped",  "OrderDelivered",   "OrderCanceled", "OrderReturned",
    "CartAbandoned", "QualifiedLead", "RatingProvided",   "ReviewProvided"};

bool IsNumber(const Value* v) {
  return v != nullptr && (v->kind() == Value::Kind::kInt || v->kind() == Value::Kind::kDouble);
}

bool IsCurrencyCode(const std::string& code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (!std::isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Unix seconds as a JSON integer or a string of digits (both appear in Meta's examples).
std::optional<int64_t> EventTime(const Value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->kind() == Value::Kind::kInt) return v->AsInt();
  if (v->kind() != Value::Kind::kString) return std::nullopt;
  const std::string& text = v->AsString();
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t seconds = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

void CheckOne(const Value& event, const std::string& where, const std::string& meta_waba_id,
              int64_t now_seconds, ConversionCheck& check) {
  auto problem = [&](const std::string& text) { check.problems.push_back(where + text); };
  if (!event.is_object()) {
    problem(" must be a JSON object");
    return;
  }
  ConversionEvent out;
  out.event = event;
  auto name = event.GetString("event_name");
  if (!name || name->empty()) {
    problem(".event_name is required");
  } else if (!IsBusinessMessagingEventName(*name)) {
    problem(".event_name '" + *name +
            "' is not a business messaging event (Meta error_subcode 2804066, Messaging Event "
            "Invalid Event Type); use Purchase, LeadSubmitted, InitiateCheckout, AddToCart, "
            "ViewContent, OrderCreated, OrderShipped, OrderDelivered, OrderCanceled, "
            "OrderReturned, CartAbandoned, QualifiedLead, RatingProvided or ReviewProvided");
  } else {
    out.event_name = *name;
  }
  auto time = EventTime(event.Get("event_time"));
  if (!time) {
    problem(".event_time is required: the event's Unix time in seconds");
  } else if (*time < now_seconds - kConversionMaxAgeSeconds) {
    problem(".event_time " + std::to_string(*time) +
            " is more than 7 days in the past; Meta no longer attributes it");
  } else if (*time > now_seconds + kConversionMaxSkewSeconds) {
    problem(".event_time " + std::to_string(*time) + " is in the future");
  } else {
    out.event_time = *time;
  }
  if (event.GetString("action_source") != std::optional<std::string>("business_messaging")) {
    problem(".action_source must be business_messaging");
  }
  if (event.GetString("messaging_channel") != std::optional<std::string>("whatsapp")) {
    problem(".messaging_channel must be whatsapp for a WhatsApp dataset");
  }
  const Value* user = event.Get("user_data");
  if (user == nullptr || !user->is_object()) {
    problem(".user_data is required, with ctwa_clid or whatsapp_business_account_id");
  } else {
    auto clid = user->GetString("ctwa_clid");
    auto waba = user->GetString("whatsapp_business_account_id");
    if (user->Get("ctwa_clid") != nullptr && (!clid || clid->empty())) {
      problem(".user_data.ctwa_clid must be the click id string from the message's referral");
    } else if (!clid && !waba) {
      problem(
          ".user_data needs ctwa_clid (the Click-to-WhatsApp ad click id) or "
          "whatsapp_business_account_id");
    } else if (waba && *waba != meta_waba_id) {
      problem(".user_data.whatsapp_business_account_id '" + *waba +
              "' is not this WhatsApp Business Account (" + meta_waba_id + ")");
    }
    out.ctwa_clid = clid;
  }
  const Value* custom = event.Get("custom_data");
  if (custom != nullptr && !custom->is_object()) {
    problem(".custom_data must be a JSON object");
  } else if (name && *name == "Purchase") {
    auto currency = custom ? custom->GetString("currency") : std::nullopt;
    if (!currency || !IsCurrencyCode(*currency)) {
      problem(".custom_data.currency is required for Purchase: an ISO 4217 code such as USD");
    }
    if (custom == nullptr || !IsNumber(custom->Get("value"))) {
      problem(".custom_data.value is required for Purchase: a number");
    }
  }
  if (const Value* id = event.Get("event_id"); id != nullptr) {
    if (id->kind() != Value::Kind::kString || id->AsString().empty()) {
      problem(".event_id must be a non-empty string");
    } else {
      out.event_id = id->AsString();
    }
  }
  check.events.push_back(std::move(out));
}

}  // namespace

bool IsBusinessMessagingEventName(const std::string& name) {
  for (auto known : kEventNames) {
    if (name == known) return true;
  }
  return false;
}

ConversionCheck CheckConversionEvents(const Value& payload, const std::string& meta_waba_id,
                                      int64_t now_seconds) {
  ConversionCheck check;
  if (!payload.is_object()) {
    check.problems.push_back(
        "eventData must be a JSON object: {\"data\": [event, ...]} or one event");
    return check;
  }
  const Value* data = payload.Get("data");
  if (data == nullptr) {
    CheckOne(payload, "eventData", meta_waba_id, now_seconds, check);
  } else if (!data->is_list() || data->AsList().empty()) {
    check.problems.push_back("eventData.data must be a non-empty list of events");
  } else if (data->AsList().size() > kMaxConversionEventsPerRequest) {
    check.problems.push_back("eventData.data has " + std::to_string(data->AsList().size()) +
                             " events; Meta takes at most 1000 in one request");
  } else {
    const auto& list = data->AsList();
    for (size_t i = 0; i < list.size(); ++i) {
      CheckOne(list[i], "data[" + std::to_string(i) + "]", meta_waba_id, now_seconds, check);
    }
  }
  if (!check.problems.empty()) check.events.clear();
  return check;
}

}  // namespace socialite::whatsapp
