// Message rules: Meta's synchronous checks on an outbound message object (the JSON a
// SendWhatsAppMessage `message` blob carries). What can only be decided against state —
// does this media id exist, is the template approved, is the window open — is returned as
// references in the MessagePlan for the handler to resolve. Pure; no storage.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "server/core/value.h"
#include "server/whatsapp/meta_error.h"

namespace socialite::whatsapp {

// A media object of the message: by uploaded id or by link.
struct MediaReference {
  std::string kind;  // image | video | audio | document | sticker
  std::optional<std::string> id;
  std::optional<std::string> link;
  std::string where;  // JSON path for messages, e.g. "image" or "template.components[0]..."
};

// The flow an interactive `flow` message names, for the handler to find in the WABA and hold
// to Meta's status rules (draft mode only for DRAFT flows, ...).
struct FlowReference {
  std::optional<std::string> flow_id;  // exactly one of flow_id and flow_name
  std::optional<std::string> flow_name;
  std::string mode = "published";        // draft | published
  std::string flow_token = "unused";     // Meta's default when none is given
  std::string flow_action = "navigate";  // navigate | data_exchange
};

// A template send's button component of sub_type `flow` (the flow is the template's).
struct TemplateFlowButton {
  int index = 0;                      // the button's position in the template
  std::string flow_token = "unused";  // parameters[].action.flow_token
};

// Parameter counts a template send supplies, to compare with the template's definition.
struct TemplateSend {
  std::string name;
  std::string language;
  int header_parameters = 0;
  std::string header_parameter_type;  // text | image | video | document | location | ""
  int body_parameters = 0;
  std::vector<std::string> body_parameter_names;  // for NAMED templates
  int button_parameters = 0;
  std::vector<TemplateFlowButton> flow_buttons;
};

struct MessagePlan {
  enum class Kind { kMessage, kMarkRead };
  Kind kind = Kind::kMessage;
  std::string type;   // text, image, ..., template, interactive, reaction; empty for mark-read
  std::string to;     // as given
  std::string wa_id;  // digits only (the normalized WhatsApp id); the group id for groups
  std::string recipient_type = "individual";   // individual | group
  std::optional<std::string> reply_to;         // context.message_id
  std::optional<std::string> reaction_target;  // reaction.message_id
  std::optional<std::string> read_message_id;  // mark-as-read target
  std::optional<std::string> biz_opaque_callback_data;
  std::vector<MediaReference> media;
  std::optional<TemplateSend> template_send;
  std::optional<FlowReference> flow;  // interactive flow messages
};

// Checks the decoded blob: it must be a JSON object of a known type with that type's object
// and limits. Errors carry Meta's code: 100 (invalid parameter), 131008 (required parameter
// missing), 131009 (parameter value not valid), 131051 (unsupported type); the details name
// the field path ("text.body is 5000 characters; the limit is 4096"). Lengths count Unicode
// code points, and a JSON null member counts as absent. The first broken rule is reported.
std::variant<MessagePlan, MetaError> CheckOutboundMessage(const std::string& message_json);

// True for "v20.0", "v21", "v23.0" ... (v\d+(\.\d+)? with major >= 20).
bool IsSupportedMetaApiVersion(const std::string& version);

}  // namespace socialite::whatsapp
