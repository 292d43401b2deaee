#include "server/admin/flow_completion_form.h"

#include <cctype>

#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/whatsapp/flow_completion.h"
#include "storage/flow_send_store.h"
#include "storage/flow_store.h"
#include "storage/message_store.h"

namespace socialite {
namespace {

std::string Digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

}  // namespace

Result<Value> ExpandFlowCompletion(Services& services, const Value& body) {
  std::optional<std::string> reply_to = body.GetString("replyTo");
  if (!reply_to || reply_to->empty()) {
    return InvalidParameters("A flow_completion needs replyTo: the wamid of the flow message");
  }
  const Value* response = body.Get("response");
  if (response != nullptr && !response->is_null() && !response->is_object()) {
    return InvalidParameters("response must be an object of the submitted fields");
  }
  ASSIGN_OR_RETURN(auto found,
                   FromStore(storage::MessageStore(services.db).FindAnywhere(*reply_to)));
  if (!found || found->second.direction != "outbound") {
    return ResourceNotFound("No message " + *reply_to + " sent by one of our numbers");
  }
  const auto& [partition, message] = *found;
  ASSIGN_OR_RETURN(
      auto sent, FromStore(storage::FlowSendStore(services.db).FindByWamid(partition, *reply_to)));
  if (!sent) {
    return InvalidParameters(*reply_to +
                             " is not a flow message that reached the customer (an interactive "
                             "flow message, or a template with a FLOW button, that did not fail)");
  }
  if (auto given = body.GetString("phoneNumberId")) {
    if (PhoneNumberIdFrom(*given).value_or(*given) != message.phone_number_id) {
      return InvalidParameters(*reply_to + " was sent by " + message.phone_number_id + ", not " +
                               *given);
    }
  }
  if (auto given = body.GetString("from"); given && Digits(*given) != message.wa_id) {
    return InvalidParameters(*reply_to + " was sent to " + message.wa_id + ", not " + *given);
  }

  Value request = Value::Object();
  request.Set("phoneNumberId", message.phone_number_id);
  request.Set("from", message.wa_id);
  if (auto name = body.GetString("name")) request.Set("name", *name);
  request.Set("type", "interactive");
  request.Set(
      "interactive",
      whatsapp::FlowReply(sent->flow_token, response != nullptr ? *response : Value::Object()));
  Value context = Value::Object();
  context.Set("id", *reply_to);
  request.Set("context", std::move(context));
  return request;
}

Status CheckFlowCompletionTarget(Services& services, const storage::Partition& partition,
                                 const std::string& phone_number_id, const std::string& from,
                                 const std::optional<std::string>& reply_to) {
  if (!reply_to) {
    return InvalidParameters(
        "A flow completion (interactive nfm_reply) answers a flow message: context.id must be "
        "its wamid");
  }
  ASSIGN_OR_RETURN(
      auto sent, FromStore(storage::FlowSendStore(services.db).FindByWamid(partition, *reply_to)));
  ASSIGN_OR_RETURN(auto message,
                   FromStore(storage::MessageStore(services.db).Find(partition, *reply_to)));
  if (!sent || !message || message->phone_number_id != phone_number_id) {
    return InvalidParameters(*reply_to + " is not a flow message of " + phone_number_id +
                             " that reached the customer");
  }
  if (message->wa_id != from) {
    return InvalidParameters(*reply_to + " was sent to " + message->wa_id +
                             "; only that customer can complete it");
  }
  ASSIGN_OR_RETURN(
      auto flow,
      FromStore(storage::FlowStore(services.db).FindById(partition, sent->waba_id, sent->flow_id)));
  if (!flow) {
    return InvalidParameters("The flow " + sent->flow_id + " of " + *reply_to +
                             " no longer exists; the customer cannot open it");
  }
  if (flow->status == storage::kFlowBlocked) {
    return InvalidParameters("The flow " + sent->flow_id + " of " + *reply_to +
                             " is BLOCKED; the customer cannot open it");
  }
  return Status();
}

}  // namespace socialite
