// What the inbox shows of a message beyond its stored fields: a template rendered against its
// stored definition, the flow the message opens, and its one-line preview. One InboxViews
// serves one request and keeps the templates and flows it looked up for the next messages.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "server/handlers/request_context.h"
#include "storage/records.h"

namespace socialite {

class InboxViews {
 public:
  explicit InboxViews(Services& services) : services_(services) {}

  // The template message as the customer sees it (whatsapp::RenderTemplate), or nullopt when
  // the message is no template or its template is gone.
  Result<std::optional<Value>> Rendered(const storage::Partition& p,
                                        const storage::MessageRecord& m);
  // {"flowId", "name", "status"} (and "flowJson", parsed, `with_json`) of the flow an
  // interactive flow message or a template's FLOW button opens; nullopt when none, or when
  // the WABA has no such flow any more. `rendered` is the message's Rendered().
  Result<std::optional<Value>> Flow(const storage::Partition& p, const storage::MessageRecord& m,
                                    const std::optional<Value>& rendered, bool with_json);
  // The message's line in a chat list (whatsapp::MessagePreview).
  Result<std::string> Preview(const storage::Partition& p, const storage::MessageRecord& m);

 private:
  Services& services_;
  // Stored definitions by account/region/waba/name/language (nullopt: no such template).
  std::map<std::string, std::optional<Value>> definitions_;
  // Flows (without their JSON) by account/region/waba/id/name (nullopt: no such flow).
  std::map<std::string, std::optional<Value>> flows_;
};

}  // namespace socialite
