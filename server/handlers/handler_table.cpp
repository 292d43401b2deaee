#include "server/handlers/handler_table.h"

namespace socialite {

HandlerTable BuildHandlerTable() {
  HandlerTable table = {
      {"AssociateWhatsAppBusinessAccount", {AssociateWhatsAppBusinessAccount}},
      {"DisassociateWhatsAppBusinessAccount", {DisassociateWhatsAppBusinessAccount}},
      {"GetLinkedWhatsAppBusinessAccount", {GetLinkedWhatsAppBusinessAccount}},
      {"ListLinkedWhatsAppBusinessAccounts", {ListLinkedWhatsAppBusinessAccounts}},
      {"GetLinkedWhatsAppBusinessAccountPhoneNumber",
       {GetLinkedWhatsAppBusinessAccountPhoneNumber}},
      {"PutWhatsAppBusinessAccountEventDestinations",
       {PutWhatsAppBusinessAccountEventDestinations}},
      {"TagResource", {TagResource}},
      {"UntagResource", {UntagResource}},
      {"ListTagsForResource", {ListTagsForResource}},
      {"CreateWhatsAppMessageTemplate", {CreateWhatsAppMessageTemplate}},
      {"CreateWhatsAppMessageTemplateFromLibrary", {CreateWhatsAppMessageTemplateFromLibrary}},
      {"CreateWhatsAppMessageTemplateMedia", {CreateWhatsAppMessageTemplateMedia, true}},
      {"GetWhatsAppMessageTemplate", {GetWhatsAppMessageTemplate}},
      {"ListWhatsAppMessageTemplates", {ListWhatsAppMessageTemplates}},
      {"UpdateWhatsAppMessageTemplate", {UpdateWhatsAppMessageTemplate}},
      {"DeleteWhatsAppMessageTemplate", {DeleteWhatsAppMessageTemplate}},
      {"ListWhatsAppTemplateLibrary", {ListWhatsAppTemplateLibrary}},
      {"PostWhatsAppMessageMedia", {PostWhatsAppMessageMedia, true}},
      {"GetWhatsAppMessageMedia", {GetWhatsAppMessageMedia, true}},
      {"DeleteWhatsAppMessageMedia", {DeleteWhatsAppMessageMedia}},
      {"SendWhatsAppMessage", {SendWhatsAppMessage}},

      // WhatsApp Flows (flow_handlers.cpp)
      {"CreateWhatsAppFlow", {CreateWhatsAppFlow}},
      {"UpdateWhatsAppFlow", {UpdateWhatsAppFlow}},
      {"UpdateWhatsAppFlowAssets", {UpdateWhatsAppFlowAssets}},
      {"ListWhatsAppFlowAssets", {ListWhatsAppFlowAssets}},
      {"GetWhatsAppFlow", {GetWhatsAppFlow}},
      {"ListWhatsAppFlows", {ListWhatsAppFlows}},
      {"GetWhatsAppFlowPreview", {GetWhatsAppFlowPreview}},
      {"PublishWhatsAppFlow", {PublishWhatsAppFlow}},
      {"DeprecateWhatsAppFlow", {DeprecateWhatsAppFlow}},
      {"DeleteWhatsAppFlow", {DeleteWhatsAppFlow}},

      // Conversion datasets (dataset_handlers.cpp)

      // 2026-09: business public key, calling, phone number settings (calling_handlers.cpp)
  };
  return table;
}

}  // namespace socialite
