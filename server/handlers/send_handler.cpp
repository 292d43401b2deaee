// SendWhatsAppMessage: Meta's synchronous checks on the message object, then acceptance. What
// Meta decides only after accepting (window closed, template not approved, parameter counts,
// marketing limits, media problems) is decided here and stored as the message's outcome for
// the events pipeline to report as a `failed` status.
#include <cctype>

#include "server/core/json.h"
#include "server/events/event_recorder.h"
#include "server/events/status_rules.h"
#include "server/handlers/flow_lookup.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/live/notices.h"
#include "server/whatsapp/flow_send_rules.h"
#include "server/whatsapp/media_types.h"
#include "server/whatsapp/message_rules.h"
#include "server/whatsapp/phone_regions.h"
#include "server/whatsapp/template_rules.h"
#include "storage/flow_send_store.h"
#include "storage/media_store.h"
#include "storage/message_store.h"
#include "storage/statement.h"
#include "storage/template_store.h"

namespace socialite {
namespace {

constexpr int64_t kServiceWindowMs = 24LL * 60 * 60 * 1000;
// Meta stopped delivering marketing templates to US numbers on 2025-04-01 (UTC).
constexpr int64_t kUsMarketingBlockStartMs = 1743465600000LL;

using whatsapp::MakeMetaError;
using whatsapp::MetaError;

ApiError Rejected(const MetaError& error) { return InvalidParameters(error.Message()); }

// Meta's verdict on opening `flow` now in `mode`, counting its messages of the last hour.
Result<std::optional<MetaError>> FlowVerdict(RequestContext& ctx, const FlowFacts& flow,
                                             const std::string& mode, const std::string& where) {
  int64_t since = ctx.services.clock.NowMillis() - whatsapp::kFlowThrottleWindowMs;
  ASSIGN_OR_RETURN(
      int64_t recent,
      FromStore(
          storage::FlowSendStore(ctx.services.db).CountSince(ctx.partition, flow.flow_id, since)));
  return whatsapp::FlowSendVerdict(flow.flow_id, flow.status, mode, recent, where);
}

// The flow an interactive flow message opens; rejected at once when the WABA has no such
// flow or its status does not allow the mode (Meta checks the flow the request names).
Result<storage::FlowSendRecord> CheckInteractiveFlow(RequestContext& ctx,
                                                     const std::string& waba_id,
                                                     const whatsapp::FlowReference& reference) {
  const std::string where = "interactive.action.parameters";
  ASSIGN_OR_RETURN(auto flow, FindFlowOfWaba(ctx, waba_id, reference.flow_id.value_or(""),
                                             reference.flow_name.value_or("")));
  if (!flow) {
    return Rejected(
        reference.flow_id
            ? whatsapp::UnknownFlow(where + ".flow_id", *reference.flow_id)
            : whatsapp::UnknownFlow(where + ".flow_name", "'" + *reference.flow_name + "'"));
  }
  ASSIGN_OR_RETURN(auto verdict, FlowVerdict(ctx, *flow, reference.mode, where));
  if (verdict) return Rejected(*verdict);
  storage::FlowSendRecord send;
  send.waba_id = waba_id;
  send.flow_id = flow->flow_id;
  send.flow_token = reference.flow_token;
  return send;
}

// A template's FLOW button: the flow it opens must still be sendable, and a flow button
// component of the send must point at it. Decided after acceptance, like the template.
Result<std::optional<MetaError>> TemplateFlowOutcome(
    RequestContext& ctx, const std::string& waba_id, const whatsapp::TemplateShape& shape,
    const whatsapp::TemplateSend& send, std::optional<storage::FlowSendRecord>* flow_send) {
  for (const auto& button : send.flow_buttons) {
    size_t index = static_cast<size_t>(button.index);
    if (index >= shape.buttons.size() || shape.buttons[index].type != "FLOW") {
      std::string actual = index < shape.buttons.size() ? shape.buttons[index].type : "absent";
      return std::optional<MetaError>(MakeMetaError(132012, "button " + std::to_string(index) +
                                                                ": the template's button is " +
                                                                actual + ", not FLOW"));
    }
  }
  for (size_t i = 0; i < shape.buttons.size(); ++i) {
    const whatsapp::TemplateButton& button = shape.buttons[i];
    if (button.type != "FLOW") continue;
    const std::string where = "template button " + std::to_string(i);
    ASSIGN_OR_RETURN(auto flow, FindFlowOfWaba(ctx, waba_id, button.flow_id, button.flow_name));
    if (!flow) {
      return std::optional<MetaError>(whatsapp::UnknownFlow(
          where + " flow", button.flow_id.empty() ? button.flow_name : button.flow_id));
    }
    ASSIGN_OR_RETURN(auto verdict, FlowVerdict(ctx, *flow, "published", where));
    if (verdict) return verdict;
    storage::FlowSendRecord record;
    record.waba_id = waba_id;
    record.flow_id = flow->flow_id;
    record.flow_token = "unused";
    for (const auto& given : send.flow_buttons) {
      if (static_cast<size_t>(given.index) == i) record.flow_token = given.flow_token;
    }
    *flow_send = std::move(record);
  }
  return std::optional<MetaError>();
}

// The asynchronous verdict on a template send, or nullopt when it will be delivered.
Result<std::optional<MetaError>> TemplateOutcome(
    RequestContext& ctx, const std::string& waba_id, const whatsapp::TemplateSend& send,
    const std::string& wa_id, std::optional<std::string>* category,
    std::optional<storage::FlowSendRecord>* flow_send) {
  ASSIGN_OR_RETURN(auto t,
                   FromStore(storage::TemplateStore(ctx.services.db)
                                 .FindByName(ctx.partition, waba_id, send.name, send.language)));
  if (t) *category = t->category;
  if (!t || t->status == "PENDING" || t->status == "REJECTED") {
    return std::optional<MetaError>(
        MakeMetaError(132001, "Template name '" + send.name + "' does not exist in " +
                                  send.language + (t ? " (status " + t->status + ")" : "")));
  }
  if (t->status == "PAUSED") {
    return std::optional<MetaError>(
        MakeMetaError(132015, "Template '" + send.name + "' is paused"));
  }
  if (t->status == "DISABLED") {
    return std::optional<MetaError>(
        MakeMetaError(132016, "Template '" + send.name + "' is disabled"));
  }
  if (t->status != "APPROVED") {
    return std::optional<MetaError>(
        MakeMetaError(132001, "Template '" + send.name + "' is " + t->status));
  }
  Result<Value> definition = ParseJson(t->definition_json);
  if (!definition.ok()) return InternalService("Stored template is not JSON");
  auto checked = whatsapp::CheckTemplateDefinition(*definition);
  if (auto* shape = std::get_if<whatsapp::TemplateShape>(&checked)) {
    bool media_header = shape->header_format == "IMAGE" || shape->header_format == "VIDEO" ||
                        shape->header_format == "DOCUMENT";
    int expected_header = media_header ? 1 : shape->header_variables;
    if (send.header_parameters != expected_header) {
      return std::optional<MetaError>(
          MakeMetaError(132000, "header: number of localizable_params (" +
                                    std::to_string(send.header_parameters) +
                                    ") does not match the expected number of params (" +
                                    std::to_string(expected_header) + ")"));
    }
    if (media_header && !send.header_parameter_type.empty()) {
      std::string wanted = shape->header_format;
      for (char& c : wanted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (send.header_parameter_type != wanted) {
        return std::optional<MetaError>(MakeMetaError(
            132012,
            "header: expected a " + wanted + " parameter, got " + send.header_parameter_type));
      }
    }
    if (send.body_parameters != shape->body_variables) {
      return std::optional<MetaError>(MakeMetaError(
          132000, "body: number of localizable_params (" + std::to_string(send.body_parameters) +
                      ") does not match the expected number of params (" +
                      std::to_string(shape->body_variables) + ")"));
    }
    ASSIGN_OR_RETURN(auto flow_verdict, TemplateFlowOutcome(ctx, waba_id, *shape, send, flow_send));
    if (flow_verdict) return flow_verdict;
  }
  if (t->category == "MARKETING" && whatsapp::IsUnitedStatesNumber(wa_id) &&
      ctx.services.clock.NowMillis() >= kUsMarketingBlockStartMs) {
    return std::optional<MetaError>(
        MakeMetaError(131049, "Marketing templates are not delivered to US phone numbers"));
  }
  return std::optional<MetaError>();
}

// Meta's throughput and pair rate limits, when switched on, measured on the clock. Meta
// refuses such a message after accepting the call, so it fails like any other verdict: a
// `failed` status with the code (nullopt: within the limits).
Result<std::optional<MetaError>> RateLimitOutcome(RequestContext& ctx,
                                                  const storage::PhoneNumberRecord& number,
                                                  const std::string& wa_id, int64_t now) {
  const Options& options = ctx.services.options;
  storage::MessageStore messages(ctx.services.db);
  if (options.throughput_limit > 0) {
    ASSIGN_OR_RETURN(int64_t last_second,
                     FromStore(messages.CountSince(ctx.partition, number.id, now - 1000,
                                                   options.throughput_limit)));
    if (last_second >= options.throughput_limit) {
      return std::optional<MetaError>(MakeMetaError(
          130429,
          "Message failed to send because there were too many messages sent from this "
          "phone number in a short period of time (" +
              std::to_string(options.throughput_limit) + " per second)"));
    }
  }
  if (options.pair_rate_limit_seconds > 0) {
    ASSIGN_OR_RETURN(bool recent, FromStore(messages.SentToSince(
                                      ctx.partition, number.id, wa_id,
                                      now - options.pair_rate_limit_seconds * 1000LL)));
    if (recent) {
      return std::optional<MetaError>(MakeMetaError(
          131056,
          "Message failed to send because there were too many messages sent from this "
          "phone number to the same phone number in a short period of time"));
    }
  }
  return std::optional<MetaError>();
}

Result<Value> MarkRead(RequestContext& ctx, const storage::PhoneNumberRecord& number,
                       const std::string& wamid) {
  storage::MessageStore messages(ctx.services.db);
  ASSIGN_OR_RETURN(auto message, FromStore(messages.Find(ctx.partition, wamid)));
  if (!message || message->direction != "inbound" || message->phone_number_id != number.id) {
    return Rejected(
        MakeMetaError(100, "message_id " + wamid + " is not a message received by " + number.id));
  }
  RETURN_IF_ERROR(FromStore(messages.MarkRead(wamid, ctx.services.clock.NowMillis())));
  Value out = Value::Object();
  out.Set("messageId", wamid);
  return out;
}

}  // namespace

Result<Value> SendWhatsAppMessage(RequestContext& ctx, const Value& input) {
  // A template whose review fell due must be judged as reviewed.
  RETURN_IF_ERROR(RunDueTemplateReviews(ctx.services));
  Services& services = ctx.services;
  ASSIGN_OR_RETURN(auto number,
                   RequirePhoneNumber(ctx, *input.GetString("originationPhoneNumberId")));
  std::string version = *input.GetString("metaApiVersion");
  if (!whatsapp::IsSupportedMetaApiVersion(version)) {
    return Rejected(MakeMetaError(
        100, "metaApiVersion '" + version + "' is not supported; use v20.0 or later"));
  }
  const std::string& body = input.Get("message")->AsBlob().bytes;
  auto checked = whatsapp::CheckOutboundMessage(body);
  if (auto* error = std::get_if<MetaError>(&checked)) return Rejected(*error);
  const auto& plan = std::get<whatsapp::MessagePlan>(checked);
  if (plan.kind == whatsapp::MessagePlan::Kind::kMarkRead) {
    return MarkRead(ctx, number, *plan.read_message_id);
  }
  std::string own_digits = number.meta.phone_number;
  if (!own_digits.empty() && own_digits[0] == '+') own_digits.erase(0, 1);
  if (plan.wa_id == own_digits) {
    return Rejected(MakeMetaError(131021, "to is the sending business number"));
  }

  int64_t now = services.clock.NowMillis();
  storage::MessageStore messages(services.db);
  std::optional<MetaError> outcome;
  std::optional<std::string> template_category;

  // References the message object makes to state.
  if (plan.reaction_target) {
    ASSIGN_OR_RETURN(auto target, FromStore(messages.Find(ctx.partition, *plan.reaction_target)));
    if (!target || target->phone_number_id != number.id) {
      return Rejected(MakeMetaError(131009, "reaction.message_id " + *plan.reaction_target +
                                                " matches no message of " + number.id));
    }
  }
  storage::MediaStore media_store(services.db);
  for (const auto& media : plan.media) {
    if (!media.id) continue;
    ASSIGN_OR_RETURN(auto stored, FromStore(media_store.Find(ctx.partition, *media.id)));
    if (!stored || stored->phone_number_id != number.id || stored->expires_ms <= now) {
      return Rejected(MakeMetaError(131009, media.where + ".id " + *media.id +
                                                " is not a media id of " + number.id +
                                                " (unknown, expired or another number's)"));
    }
    auto type = whatsapp::MediaTypeForMime(stored->mime_type);
    if (!outcome && (!type || type->kind != media.kind)) {
      outcome = MakeMetaError(131053, media.where + " is a " + media.kind + " but media " +
                                          *media.id + " is " + stored->mime_type);
    }
  }
  std::optional<storage::FlowSendRecord> flow_send;
  if (plan.flow) {
    ASSIGN_OR_RETURN(flow_send, CheckInteractiveFlow(ctx, number.waba_id, *plan.flow));
  }
  if (plan.template_send) {
    ASSIGN_OR_RETURN(auto verdict, TemplateOutcome(ctx, number.waba_id, *plan.template_send,
                                                   plan.wa_id, &template_category, &flow_send));
    if (verdict) outcome = verdict;
  } else {
    // Free-form messages need the customer service window the customer's last message opened.
    ASSIGN_OR_RETURN(auto last,
                     FromStore(messages.LastInbound(ctx.partition, number.id, plan.wa_id)));
    if (!last || now - *last >= kServiceWindowMs) {
      outcome = MakeMetaError(131047,
                              "More than 24 hours have passed since the customer last "
                              "replied to this number");
    }
  }

  // A rate limit refuses the message before Meta looks at it any further.
  ASSIGN_OR_RETURN(auto limited, RateLimitOutcome(ctx, number, plan.wa_id, now));
  if (limited) outcome = limited;

  storage::MessageRecord message;
  message.wamid = NewWamid(services.ids, plan.wa_id, now);
  message.meta_api_version = version;
  message.phone_number_id = number.id;
  message.waba_id = number.waba_id;
  message.direction = "outbound";
  message.wa_id = plan.wa_id;
  message.type = plan.type;
  if (plan.template_send) {
    message.template_name = plan.template_send->name;
    message.template_language = plan.template_send->language;
  }
  message.body_json = body;
  message.biz_opaque_callback_data = plan.biz_opaque_callback_data;
  message.reply_to = plan.reply_to;
  if (outcome) {
    message.outcome_code = outcome->code;
    message.outcome_details = outcome->details;
  }
  message.created_ms = now;  // its `accepted` status (the store gives it from the row)

  // Meta's statuses for this message, scheduled over clock time in the same transaction.
  std::vector<events::StatusRule> rules;
  if (services.rules != nullptr) rules = services.rules->Get();
  events::StatusDelays delays =
      services.status_delays != nullptr ? *services.status_delays : events::StatusDelays{};
  std::vector<events::PlannedStatus> plan_statuses = events::PlanStatuses(
      plan.wa_id, plan.type, message.template_name.value_or(""), outcome, rules, delays);
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, number.waba_id));

  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(messages.Insert(ctx.partition, message)));
  live::Publish(services.live,
                [&] { return live::MessageNotice(message); });  // told after the COMMIT
  // Only a flow that reaches the customer counts against a throttle or can be completed: not
  // one Meta fails after accepting, nor one a status rule fails.
  bool fails = outcome.has_value();
  for (const auto& planned : plan_statuses) fails = fails || planned.error.has_value();
  if (flow_send && !fails) {
    flow_send->wamid = message.wamid;
    flow_send->sent_ms = now;
    RETURN_IF_ERROR(
        FromStore(storage::FlowSendStore(services.db).Insert(ctx.partition, *flow_send)));
  }
  bool priced = false;  // Meta prices `sent` and the first of delivered/read
  for (const auto& planned : plan_statuses) {
    events::EventSpec spec;
    spec.kind = "status";
    spec.field = "messages";
    spec.at_ms = now + planned.offset_ms;
    spec.deliver_at_ms = now + planned.deliver_offset_ms;
    spec.copies = planned.copies;
    spec.copy_gap_ms = planned.copy_gap_ms;
    events::StatusExtras extras{waba.meta_waba_id, false};
    if (planned.status == "sent") {
      extras.carries_pricing = true;
    } else if (!priced && (planned.status == "delivered" || planned.status == "read")) {
      extras.carries_pricing = priced = true;
    }
    spec.value = events::StatusChangeValue(number, message, planned.status, spec.at_ms,
                                           planned.error, template_category, extras);
    spec.wamid = message.wamid;
    spec.status = planned.status;
    if (planned.error) spec.error_code = planned.error->code;
    RETURN_IF_ERROR(events::RecordEvent(services, ctx.partition, waba, &number, std::move(spec)));
  }
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("messageId", message.wamid);
  return out;
}

}  // namespace socialite
