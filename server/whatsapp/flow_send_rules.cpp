#include "server/whatsapp/flow_send_rules.h"

namespace socialite::whatsapp {
namespace {

constexpr int kParameterValueNotValid = 131009;
constexpr int kFlowBlocked = 132068;
constexpr int kFlowThrottled = 132069;

}  // namespace

std::optional<MetaError> FlowSendVerdict(const std::string& flow_id, const std::string& status,
                                         const std::string& mode, int64_t sends_last_hour,
                                         const std::string& where) {
  const std::string flow = "flow " + flow_id;
  if (status == "DEPRECATED") {
    return MakeMetaError(kParameterValueNotValid,
                         where + ": " + flow + " is DEPRECATED and can no longer be sent");
  }
  if (status == "BLOCKED") {
    return MakeMetaError(kFlowBlocked, where + ": " + flow + " is BLOCKED");
  }
  if (status == "DRAFT") {
    if (mode == "draft") return std::nullopt;
    return MakeMetaError(
        kParameterValueNotValid,
        where + ": " + flow + " is DRAFT; a draft flow can only be sent with mode \"draft\"");
  }
  if (status != "PUBLISHED" && status != "THROTTLED") {
    return MakeMetaError(kParameterValueNotValid,
                         where + ": " + flow + " is " + status + " and cannot be sent");
  }
  if (mode == "draft") {
    return MakeMetaError(kParameterValueNotValid,
                         where + ": " + flow + " is " + status +
                             "; mode \"draft\" is only for DRAFT flows (use \"published\")");
  }
  if (status == "THROTTLED" && sends_last_hour >= kThrottledFlowMessagesPerHour) {
    return MakeMetaError(kFlowThrottled, where + ": " + flow + " is THROTTLED and was sent " +
                                             std::to_string(sends_last_hour) +
                                             " times in the last hour; the limit is " +
                                             std::to_string(kThrottledFlowMessagesPerHour));
  }
  return std::nullopt;
}

MetaError UnknownFlow(const std::string& where, const std::string& reference) {
  return MakeMetaError(
      kParameterValueNotValid,
      where + " " + reference + " matches no flow of this WhatsApp Business Account");
}

}  // namespace socialite::whatsapp
