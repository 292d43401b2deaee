// AssociateWhatsAppBusinessAccount: the two-step embedded sign-up the console performs.
// Step 1 (signupCallback) trades Meta's access token for an in-progress token and the WABA
// with its unregistered numbers; step 2 (setupFinalization) links the WABA (or adds numbers
// to a linked one through phoneNumberParent).
#include <set>

#include "server/handlers/handler_table.h"
#include "server/handlers/meta_accounts.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/views.h"
#include "storage/phone_number_store.h"
#include "storage/signup_store.h"
#include "storage/statement.h"
#include "storage/tag_store.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

constexpr int64_t kSignupValidityMs = 24LL * 60 * 60 * 1000;

Result<Value> StartSignup(RequestContext& ctx, const Value& callback) {
  std::string access_token = callback.GetString("accessToken").value_or("");
  if (access_token.empty()) {
    return InvalidParameters("signupCallback.accessToken must be a Meta access token, not empty");
  }
  ASSIGN_OR_RETURN(storage::MetaAccount meta, MetaAccountForToken(ctx, access_token));
  storage::Database& db = ctx.services.db;
  ASSIGN_OR_RETURN(auto linked, FromStore(storage::WabaStore(db).FindByMetaId(ctx.partition,
                                                                              meta.meta_waba_id)));
  storage::SignupRecord signup;
  signup.token = "ait-" + ctx.services.ids.Hex(32);
  signup.partition = ctx.partition;
  signup.meta_waba_id = meta.meta_waba_id;
  signup.waba_id = linked ? linked->id : kWabaPrefix + ctx.services.ids.Hex(32);
  signup.waba_name = meta.name;
  signup.created_ms = ctx.services.clock.NowMillis();
  // Offer the numbers that are not registered yet in this account and region.
  storage::PhoneNumberStore numbers(db);
  for (const auto& meta_number : meta.phone_numbers) {
    ASSIGN_OR_RETURN(auto registered, FromStore(numbers.FindByMetaId(
                                          ctx.partition, meta_number.meta_phone_number_id)));
    if (registered) continue;
    storage::PhoneNumberRecord offered;
    offered.id = kPhoneNumberPrefix + ctx.services.ids.Hex(32);
    offered.waba_id = signup.waba_id;
    offered.meta = meta_number;
    signup.offered.push_back(std::move(offered));
  }
  RETURN_IF_ERROR(FromStore(storage::SignupStore(db).Insert(signup)));

  Value unregistered = Value::List();
  for (const auto& n : signup.offered) unregistered.Push(PhoneNumberView(ctx.partition, n));
  Value entry = Value::Object();
  entry.Set("accountName", meta.name);
  entry.Set("registrationStatus", linked ? "COMPLETE" : "INCOMPLETE");
  entry.Set("unregisteredWhatsAppPhoneNumbers", std::move(unregistered));
  entry.Set("wabaId", signup.waba_id);
  Value accounts = Value::Object();
  accounts.Set(meta.meta_waba_id, std::move(entry));
  Value result = Value::Object();
  result.Set("associateInProgressToken", signup.token);
  result.Set("linkedAccountsWithIncompleteSetup", std::move(accounts));
  Value out = StatusCodeOk();
  out.Set("signupCallbackResult", std::move(result));
  return out;
}

bool IsSixDigitPin(const std::string& pin) {
  return pin.size() == 6 && pin.find_first_not_of("0123456789") == std::string::npos;
}

// The offered number a finalization entry names (by phone-number-id, ARN or Meta id).
const storage::PhoneNumberRecord* FindOffered(const storage::SignupRecord& signup,
                                              const std::string& id) {
  auto number_id = PhoneNumberIdFrom(id);
  for (const auto& offered : signup.offered) {
    if ((number_id && offered.id == *number_id) || offered.meta.meta_phone_number_id == id) {
      return &offered;
    }
  }
  return nullptr;
}

Result<Value> FinishSignup(RequestContext& ctx, const Value& setup) {
  storage::Database& db = ctx.services.db;
  std::string token = setup.GetString("associateInProgressToken").value_or("");
  ASSIGN_OR_RETURN(auto signup, FromStore(storage::SignupStore(db).Find(token)));
  if (!signup || signup->partition.account != ctx.partition.account ||
      signup->partition.region != ctx.partition.region) {
    return InvalidParameters(
        "The associateInProgressToken is not known; start with signupCallback");
  }
  if (signup->used) {
    return InvalidParameters("The associateInProgressToken was used already; start a new sign-up");
  }
  if (ctx.services.clock.NowMillis() - signup->created_ms > kSignupValidityMs) {
    return InvalidParameters("The associateInProgressToken has expired; start a new sign-up");
  }

  const Value* waba_input = setup.Get("waba");
  std::optional<std::string> parent = setup.GetString("phoneNumberParent");
  if ((waba_input != nullptr) == parent.has_value()) {
    return InvalidParameters("setupFinalization needs exactly one of waba or phoneNumberParent");
  }
  ASSIGN_OR_RETURN(auto linked, FromStore(storage::WabaStore(db).FindByMetaId(
                                    ctx.partition, signup->meta_waba_id)));
  if (waba_input != nullptr) {
    if (linked) {
      return InvalidParameters("WhatsApp Business Account " + signup->meta_waba_id +
                               " is linked already as " + linked->id +
                               "; use phoneNumberParent to add numbers to it");
    }
    std::string named = waba_input->GetString("id").value_or(signup->waba_id);
    if (named != signup->waba_id && named != signup->meta_waba_id) {
      return InvalidParameters("waba.id '" + named + "' is not the account of this sign-up (" +
                               signup->waba_id + ")");
    }
  } else {
    auto parent_id = WabaIdFrom(*parent);
    if (!linked || !parent_id || *parent_id != linked->id) {
      return InvalidParameters("phoneNumberParent '" + *parent +
                               "' is not the linked WhatsApp Business Account of this sign-up");
    }
  }

  // Check every number before writing anything.
  std::vector<storage::PhoneNumberRecord> to_link;
  std::vector<std::vector<storage::TagRecord>> number_tags;
  std::set<std::string> seen;
  storage::PhoneNumberStore numbers(db);
  for (const auto& entry : setup.Get("phoneNumbers")->AsList()) {
    std::string id = entry.GetString("id").value_or("");
    const storage::PhoneNumberRecord* offered = FindOffered(*signup, id);
    if (offered == nullptr) {
      return InvalidParameters("Phone number '" + id + "' was not offered by this sign-up");
    }
    if (!seen.insert(offered->id).second) {
      return InvalidParameters("Phone number '" + id + "' is listed twice");
    }
    if (!IsSixDigitPin(entry.GetString("twoFactorPin").value_or(""))) {
      return InvalidParameters("The twoFactorPin of phone number '" + id + "' must be 6 digits");
    }
    ASSIGN_OR_RETURN(auto existing, FromStore(numbers.FindByMetaId(
                                        ctx.partition, offered->meta.meta_phone_number_id)));
    if (existing) {
      return InvalidParameters("Phone number " + offered->meta.phone_number +
                               " is linked already to " + existing->waba_id);
    }
    std::vector<storage::TagRecord> tags = TagsFrom(entry.Get("tags"));
    if (tags.size() > kMaxTagsPerResource) {
      return InvalidParameters("A resource can have at most " +
                               std::to_string(kMaxTagsPerResource) + " tags");
    }
    storage::PhoneNumberRecord number = *offered;
    number.waba_id = linked ? linked->id : signup->waba_id;
    number.data_localization_region = entry.GetString("dataLocalizationRegion");
    to_link.push_back(std::move(number));
    number_tags.push_back(std::move(tags));
  }
  std::vector<storage::TagRecord> waba_tags =
      TagsFrom(waba_input != nullptr ? waba_input->Get("tags") : nullptr);
  if (waba_tags.size() > kMaxTagsPerResource) {
    return InvalidParameters("A resource can have at most " + std::to_string(kMaxTagsPerResource) +
                             " tags");
  }

  storage::Transaction txn(db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  std::string waba_id = linked ? linked->id : signup->waba_id;
  storage::TagStore tag_store(db);
  if (waba_input != nullptr) {
    storage::WabaRecord waba;
    waba.id = waba_id;
    waba.meta_waba_id = signup->meta_waba_id;
    waba.name = signup->waba_name;
    waba.registration_status = "COMPLETE";
    waba.link_date_ms = ctx.services.clock.NowMillis();
    waba.event_destinations = EventDestinationsFrom(waba_input->Get("eventDestinations"));
    RETURN_IF_ERROR(FromStore(storage::WabaStore(db).Insert(ctx.partition, waba)));
    RETURN_IF_ERROR(FromStore(tag_store.Put(ctx.partition, waba_id, waba_tags)));
  }
  for (size_t i = 0; i < to_link.size(); ++i) {
    RETURN_IF_ERROR(FromStore(numbers.Insert(ctx.partition, to_link[i])));
    RETURN_IF_ERROR(FromStore(tag_store.Put(ctx.partition, to_link[i].id, number_tags[i])));
  }
  RETURN_IF_ERROR(FromStore(storage::SignupStore(db).MarkUsed(signup->token)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));

  Value out = StatusCodeOk();
  out.Set("linkedWhatsAppBusinessAccountId", waba_id);
  return out;
}

}  // namespace

Result<Value> AssociateWhatsAppBusinessAccount(RequestContext& ctx, const Value& input) {
  const Value* callback = input.Get("signupCallback");
  const Value* setup = input.Get("setupFinalization");
  if ((callback != nullptr) == (setup != nullptr)) {
    return InvalidParameters("Provide exactly one of signupCallback or setupFinalization");
  }
  return callback != nullptr ? StartSignup(ctx, *callback) : FinishSignup(ctx, *setup);
}

}  // namespace socialite
