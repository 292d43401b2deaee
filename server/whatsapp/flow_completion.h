// Flow completion: the customer's answer to a flow message, as Meta's webhook shows it — an
// `interactive` message of type `nfm_reply` named "flow" with body "Sent", whose
// `response_json` is a JSON *string* holding the flow token and the submitted fields. Pure.
#pragma once

#include <string>
#include <variant>

#include "server/core/value.h"

namespace socialite::whatsapp {

// Checks an inbound `interactive` object of type nfm_reply and returns it as Meta sends it:
// {"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"…"}}.
// `name` and `body` default to Meta's fixed values and must equal them when given;
// `response_json` is required and must be the text of a JSON object. The error (a string
// for people) names the broken member.
std::variant<Value, std::string> CheckFlowReply(const Value& interactive);

// The nfm_reply `interactive` object of a completion that submits `response` (a JSON object
// of field values) for the flow message that carried `flow_token`: response_json is
// {"flow_token": flow_token, ...response}. A `flow_token` in `response` wins, so a test can
// send a different one.
Value FlowReply(const std::string& flow_token, const Value& response);

}  // namespace socialite::whatsapp
