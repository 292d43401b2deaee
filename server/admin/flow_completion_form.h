// The customer's side of a flow for POST /_socialite/inbound: the short admin form
// {"type":"flow_completion","replyTo":WAMID,"response":{…}} expanded into Meta's nfm_reply
// message, and the check that a completion answers a flow message its sender received.
#pragma once

#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

// The inbound request the short form stands for: the number and customer of the flow
// message `replyTo` (an explicit phoneNumberId or from must match them), type interactive,
// an nfm_reply whose response_json is {"flow_token": the message's token, ...response}, and
// context.id = replyTo. Files picked in the flow (PhotoPicker, DocumentPicker), given in
// `response` as {"file_name","mime_type","data": base64}, are stored as the customer's media
// and become Meta's {"file_name","mime_type","sha256","id"}; at most 10 of 100 MiB in all.
// InvalidParameters or ResourceNotFound with a message for people.
Result<Value> ExpandFlowCompletion(Services& services, const Value& body);

// A completion from `from` to number `phone_number_id` must answer (context.id `reply_to`)
// a flow message of that number to that customer that was delivered, of a flow the customer
// can still open (not BLOCKED, not deleted).
Status CheckFlowCompletionTarget(Services& services, const storage::Partition& partition,
                                 const std::string& phone_number_id, const std::string& from,
                                 const std::optional<std::string>& reply_to);

}  // namespace socialite
