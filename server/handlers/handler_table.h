// The operation-name -> handler table. A spec consistency test checks that every operation
// of the spec has an entry.
#pragma once

#include <map>
#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

using HandlerTable = std::map<std::string, Handler>;

HandlerTable BuildHandlerTable();

// Per-area handler functions (one file each).
Result<Value> AssociateWhatsAppBusinessAccount(RequestContext& ctx, const Value& input);
Result<Value> DisassociateWhatsAppBusinessAccount(RequestContext& ctx, const Value& input);
Result<Value> GetLinkedWhatsAppBusinessAccount(RequestContext& ctx, const Value& input);
Result<Value> ListLinkedWhatsAppBusinessAccounts(RequestContext& ctx, const Value& input);
Result<Value> GetLinkedWhatsAppBusinessAccountPhoneNumber(RequestContext& ctx, const Value& input);
Result<Value> PutWhatsAppBusinessAccountEventDestinations(RequestContext& ctx, const Value& input);
Result<Value> TagResource(RequestContext& ctx, const Value& input);
Result<Value> UntagResource(RequestContext& ctx, const Value& input);
Result<Value> ListTagsForResource(RequestContext& ctx, const Value& input);

}  // namespace socialite
