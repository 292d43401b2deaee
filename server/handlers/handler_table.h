// The operation-name -> handler table. A spec consistency test checks that every operation
// of the spec has an entry.
#pragma once

#include <map>
#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

struct HandlerEntry {
  Handler run;
  // True for operations that wait on an S3 endpoint: they run on a worker and reach state
  // through Services::state (a reader or the writer would otherwise wait with them).
  bool waits_on_network = false;
};

using HandlerTable = std::map<std::string, HandlerEntry>;

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
Result<Value> CreateWhatsAppMessageTemplate(RequestContext& ctx, const Value& input);
Result<Value> CreateWhatsAppMessageTemplateFromLibrary(RequestContext& ctx, const Value& input);
Result<Value> CreateWhatsAppMessageTemplateMedia(RequestContext& ctx, const Value& input);
Result<Value> GetWhatsAppMessageTemplate(RequestContext& ctx, const Value& input);
Result<Value> ListWhatsAppMessageTemplates(RequestContext& ctx, const Value& input);
Result<Value> UpdateWhatsAppMessageTemplate(RequestContext& ctx, const Value& input);
Result<Value> DeleteWhatsAppMessageTemplate(RequestContext& ctx, const Value& input);
Result<Value> ListWhatsAppTemplateLibrary(RequestContext& ctx, const Value& input);
Result<Value> PostWhatsAppMessageMedia(RequestContext& ctx, const Value& input);
Result<Value> GetWhatsAppMessageMedia(RequestContext& ctx, const Value& input);
Result<Value> DeleteWhatsAppMessageMedia(RequestContext& ctx, const Value& input);
Result<Value> SendWhatsAppMessage(RequestContext& ctx, const Value& input);
// WhatsApp Flows (flow_handlers.cpp)
Result<Value> CreateWhatsAppFlow(RequestContext& ctx, const Value& input);
Result<Value> UpdateWhatsAppFlow(RequestContext& ctx, const Value& input);
Result<Value> UpdateWhatsAppFlowAssets(RequestContext& ctx, const Value& input);
Result<Value> ListWhatsAppFlowAssets(RequestContext& ctx, const Value& input);
Result<Value> GetWhatsAppFlow(RequestContext& ctx, const Value& input);
Result<Value> ListWhatsAppFlows(RequestContext& ctx, const Value& input);
Result<Value> GetWhatsAppFlowPreview(RequestContext& ctx, const Value& input);
Result<Value> PublishWhatsAppFlow(RequestContext& ctx, const Value& input);
Result<Value> DeprecateWhatsAppFlow(RequestContext& ctx, const Value& input);
Result<Value> DeleteWhatsAppFlow(RequestContext& ctx, const Value& input);

}  // namespace socialite
