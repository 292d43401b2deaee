#include "server/handlers/handler_table.h"

namespace socialite {
namespace {

// Operations whose behaviour arrives with the messaging issue: routed and validated, but
// answering honestly that they are not there yet rather than faking success.
constexpr const char* kNotImplementedYet[] = {
    "CreateWhatsAppMessageTemplate",
    "CreateWhatsAppMessageTemplateFromLibrary",
    "CreateWhatsAppMessageTemplateMedia",
    "DeleteWhatsAppMessageMedia",
    "DeleteWhatsAppMessageTemplate",
    "GetWhatsAppMessageMedia",
    "GetWhatsAppMessageTemplate",
    "ListWhatsAppMessageTemplates",
    "ListWhatsAppTemplateLibrary",
    "PostWhatsAppMessageMedia",
    "SendWhatsAppMessage",
    "UpdateWhatsAppMessageTemplate",
};

Handler NotImplementedYet(std::string operation) {
  return [operation](RequestContext&, const Value&) -> Result<Value> {
    return InternalService(operation + " is not implemented yet in Socialite");
  };
}

}  // namespace

HandlerTable BuildHandlerTable() {
  HandlerTable table = {
      {"AssociateWhatsAppBusinessAccount", AssociateWhatsAppBusinessAccount},
      {"DisassociateWhatsAppBusinessAccount", DisassociateWhatsAppBusinessAccount},
      {"GetLinkedWhatsAppBusinessAccount", GetLinkedWhatsAppBusinessAccount},
      {"ListLinkedWhatsAppBusinessAccounts", ListLinkedWhatsAppBusinessAccounts},
      {"GetLinkedWhatsAppBusinessAccountPhoneNumber", GetLinkedWhatsAppBusinessAccountPhoneNumber},
      {"PutWhatsAppBusinessAccountEventDestinations", PutWhatsAppBusinessAccountEventDestinations},
      {"TagResource", TagResource},
      {"UntagResource", UntagResource},
      {"ListTagsForResource", ListTagsForResource},
  };
  for (const char* name : kNotImplementedYet) table.emplace(name, NotImplementedYet(name));
  return table;
}

}  // namespace socialite
