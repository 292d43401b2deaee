#include "server/admin/flow_completion_form.h"

#include <cctype>
#include <utility>

#include "server/admin/inbound_media.h"
#include "server/core/json.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/whatsapp/flow_completion.h"
#include "server/whatsapp/media_types.h"
#include "storage/flow_send_store.h"
#include "storage/flow_store.h"
#include "storage/message_store.h"

namespace socialite {
namespace {

// Meta's bounds on the files of one completion message (PhotoPicker, DocumentPicker).
constexpr int kMaxPickedFiles = 10;
constexpr size_t kMaxPickedBytes = 100u << 20;
constexpr int kMaxResponseDepth = 16;

std::string Digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

// Replaces the files picked in the flow, given as {"file_name", "mime_type", "data": base64}
// (as the inbox page sends them), by the media object Meta's response_json carries for them:
// {"file_name", "mime_type", "sha256", "id"}, the bytes stored as the customer's media.
class PickedFiles {
 public:
  PickedFiles(Services& services, const storage::Partition& partition, std::string phone_number_id)
      : services_(services), partition_(partition), phone_number_id_(std::move(phone_number_id)) {}

  Status Store(Value& value, int depth) {
    if (depth > kMaxResponseDepth) return Status();
    if (value.is_list()) {
      for (Value& item : value.AsList()) RETURN_IF_ERROR(Store(item, depth + 1));
    } else if (value.is_object() && value.GetString("data") && value.GetString("mime_type")) {
      ASSIGN_OR_RETURN(value, StoreOne(value));
    } else if (value.is_object()) {
      for (auto& [name, member] : value.AsObject()) RETURN_IF_ERROR(Store(member, depth + 1));
    }
    return Status();
  }

 private:
  Result<Value> StoreOne(const Value& file) {
    std::string mime = *file.GetString("mime_type");
    auto type = whatsapp::MediaTypeForMime(mime);
    if (!type)
      return InvalidParameters("A picked file's mime_type '" + mime +
                               "' is not a supported media type");
    auto bytes = Base64Decode(*file.GetString("data"));
    if (!bytes) return InvalidParameters("A picked file's data must be its bytes in base64");
    count_ += 1;
    total_bytes_ += bytes->size();
    if (count_ > kMaxPickedFiles || total_bytes_ > kMaxPickedBytes) {
      return InvalidParameters(
          "A flow completion carries at most 10 picked files of 100 MiB in all");
    }
    ASSIGN_OR_RETURN(
        storage::MediaRecord media,
        StoreInboundMedia(services_, partition_, phone_number_id_, *type, std::move(*bytes)));
    Value object = Value::Object();
    object.Set("file_name", file.GetString("file_name").value_or("file" + type->extension));
    SetMediaFields(object, media);
    return object;
  }

  Services& services_;
  const storage::Partition& partition_;
  std::string phone_number_id_;
  int count_ = 0;
  size_t total_bytes_ = 0;
};

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

  Value submitted = response != nullptr ? *response : Value::Object();
  RETURN_IF_ERROR(PickedFiles(services, partition, message.phone_number_id).Store(submitted, 0));

  Value request = Value::Object();
  request.Set("phoneNumberId", message.phone_number_id);
  request.Set("from", message.wa_id);
  if (auto name = body.GetString("name")) request.Set("name", *name);
  request.Set("type", "interactive");
  request.Set("interactive", whatsapp::FlowReply(sent->flow_token, submitted));
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
