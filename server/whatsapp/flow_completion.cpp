#include "server/whatsapp/flow_completion.h"

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

// Meta's fixed name and body of every flow completion.
constexpr char kReplyName[] = "flow";
constexpr char kReplyBody[] = "Sent";

Value ReplyObject(std::string response_json) {
  Value reply = Value::Object();
  reply.Set("name", kReplyName);
  reply.Set("body", kReplyBody);
  reply.Set("response_json", std::move(response_json));
  Value interactive = Value::Object();
  interactive.Set("type", "nfm_reply");
  interactive.Set("nfm_reply", std::move(reply));
  return interactive;
}

// A member that, when given, must be a string equal to `expected`.
std::optional<std::string> FixedMember(const Value& reply, const char* name, const char* expected) {
  const Value* value = reply.Get(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->kind() != Value::Kind::kString || value->AsString() != expected) {
    return std::string("interactive.nfm_reply.") + name + " must be \"" + expected +
           "\" (Meta's fixed value for a flow completion)";
  }
  return std::nullopt;
}

}  // namespace

std::variant<Value, std::string> CheckFlowReply(const Value& interactive) {
  const Value* reply = interactive.Get("nfm_reply");
  if (reply == nullptr || !reply->is_object()) {
    return std::string("interactive.nfm_reply must be an object");
  }
  if (auto broken = FixedMember(*reply, "name", kReplyName)) return *broken;
  if (auto broken = FixedMember(*reply, "body", kReplyBody)) return *broken;
  std::optional<std::string> response_json = reply->GetString("response_json");
  if (!response_json) {
    return std::string(
        "interactive.nfm_reply.response_json is required: the submitted fields as a JSON "
        "string");
  }
  Result<Value> parsed = ParseJson(*response_json);
  if (!parsed.ok() || !parsed->is_object()) {
    return std::string("interactive.nfm_reply.response_json must be the text of a JSON object");
  }
  return ReplyObject(*response_json);
}

Value FlowReply(const std::string& flow_token, const Value& response) {
  Value fields = Value::Object();
  if (response.Get("flow_token") == nullptr) fields.Set("flow_token", flow_token);
  if (response.is_object()) {
    for (const auto& [key, value] : response.AsObject()) fields.Set(key, value);
  }
  return ReplyObject(WriteJson(fields));
}

}  // namespace socialite::whatsapp
