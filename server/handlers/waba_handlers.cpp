// Linked WhatsApp Business Accounts: get, list, phone number details, event destinations,
// disassociate.
#include "server/core/json.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/page_token.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/views.h"
#include "storage/calling_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

constexpr char kWabaListName[] = "linked-accounts";

}  // namespace

Result<Value> GetLinkedWhatsAppBusinessAccount(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  ASSIGN_OR_RETURN(
      auto numbers,
      FromStore(storage::PhoneNumberStore(ctx.services.db).ListForWaba(ctx.partition, waba.id)));
  Value out = Value::Object();
  out.Set("account", WabaView(ctx.partition, waba, numbers));
  return out;
}

Result<Value> ListLinkedWhatsAppBusinessAccounts(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(int64_t after_seq, NextTokenPosition(input, kWabaListName));
  int limit = static_cast<int>(input.GetInt("maxResults").value_or(20));
  // One extra row tells whether another page follows.
  ASSIGN_OR_RETURN(
      auto wabas,
      FromStore(
          storage::WabaStore(ctx.services.db).ListAfter(ctx.partition, after_seq, limit + 1)));
  Value out = Value::Object();
  Value list = Value::List();
  for (int i = 0; i < static_cast<int>(wabas.size()) && i < limit; ++i) {
    list.Push(WabaSummaryView(ctx.partition, wabas[i]));
  }
  out.Set("linkedAccounts", std::move(list));
  if (static_cast<int>(wabas.size()) > limit) {
    out.Set("nextToken", MakePageToken(kWabaListName, wabas[limit - 1].seq));
  }
  return out;
}

Result<Value> GetLinkedWhatsAppBusinessAccountPhoneNumber(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto number, RequirePhoneNumber(ctx, *input.GetString("id")));
  Value out = Value::Object();
  out.Set("phoneNumber", PhoneNumberView(ctx.partition, number));
  out.Set("linkedWhatsAppBusinessAccountId", number.waba_id);
  // 2026-09: the calling settings, once UpdateLinkedWhatsAppBusinessAccountPhoneNumber set them.
  ASSIGN_OR_RETURN(
      auto settings,
      FromStore(storage::CallingStore(ctx.services.db).FindCallSettings(ctx.partition, number.id)));
  if (settings) {
    Result<Value> parsed = ParseJson(*settings);
    if (!parsed.ok()) return InternalService("Stored call settings are not JSON");
    out.Set("callSettings", std::move(parsed).value());
  }
  return out;
}

Result<Value> PutWhatsAppBusinessAccountEventDestinations(RequestContext& ctx, const Value& input) {
  std::string id = *input.GetString("id");
  ASSIGN_OR_RETURN(auto waba, FindLinkedWaba(ctx, id));
  // This operation lists no ResourceNotFoundException: an unknown WABA is a bad parameter.
  if (!waba) {
    return InvalidParameters("No linked WhatsApp Business Account '" + id +
                             "' in this account and region");
  }
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(
      storage::WabaStore(ctx.services.db)
          .ReplaceEventDestinations(ctx.partition, waba->id,
                                    EventDestinationsFrom(input.Get("eventDestinations")))));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

Result<Value> DisassociateWhatsAppBusinessAccount(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(storage::WabaStore(ctx.services.db).Delete(ctx.partition, waba.id)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

}  // namespace socialite
