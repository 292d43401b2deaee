// What SNS serves to the HTTP(S) endpoints subscribed to a topic, under /_socialite/sns/:
// GET ?Action=ConfirmSubscription&TopicArn=&Token= (the SubscribeURL), GET
// ?Action=Unsubscribe&SubscriptionArn= (the UnsubscribeURL), answered with SNS's XML, and the
// PEM certificate behind SigningCertURL.
#include <optional>
#include <string>

#include "server/admin/admin_api.h"
#include "server/core/markup.h"
#include "server/events/sinks/sns_http_sink.h"
#include "server/handlers/store_errors.h"
#include "storage/sns_store.h"

namespace socialite {
namespace {

constexpr char kXmlns[] = "http://sns.amazonaws.com/doc/2010-03-31/";

HttpResponse Xml(int status, const std::string& request_id, std::string body) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "text/xml");
  response.SetHeader("x-amzn-RequestId", request_id);
  response.body = "<?xml version=\"1.0\"?>\n" + std::move(body);
  return response;
}

// SNS's Query-protocol error document.
HttpResponse SnsError(int status, const std::string& request_id, const std::string& code,
                      const std::string& message) {
  return Xml(status, request_id,
             std::string("<ErrorResponse xmlns=\"") + kXmlns + "\">\n  <Error>\n" +
                 "    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>" +
                 EscapeMarkup(message) + "</Message>\n  </Error>\n  <RequestId>" + request_id +
                 "</RequestId>\n</ErrorResponse>\n");
}

std::string Metadata(const std::string& request_id) {
  return "  <ResponseMetadata>\n    <RequestId>" + request_id +
         "</RequestId>\n  </ResponseMetadata>\n";
}

HttpResponse Confirm(AdminCall& call, const std::string& request_id) {
  std::optional<std::string> topic = AdminQuery(call, "TopicArn");
  std::optional<std::string> token = AdminQuery(call, "Token");
  if (!topic || topic->empty() || !token || token->empty()) {
    return SnsError(400, request_id, "InvalidParameter",
                    "Invalid parameter: ConfirmSubscription needs TopicArn and Token");
  }
  int64_t now = call.services.clock.NowMillis();
  storage::SnsStore store(call.services.db);
  auto confirmed = store.Confirm(*topic, *token, now);
  if (!confirmed.ok()) {
    if (confirmed.code() == storage::StoreCode::kNotFound) {
      return SnsError(400, request_id, "InvalidParameter", "Invalid token");
    }
    return SnsError(500, request_id, "InternalError", confirmed.error().message);
  }
  // The events that waited for this confirmation go on the dispatcher's next pass.
  auto released = store.ReleaseHeldEvents(*topic, now);
  if (!released.ok()) return SnsError(500, request_id, "InternalError", released.error().message);
  return Xml(200, request_id,
             std::string("<ConfirmSubscriptionResponse xmlns=\"") + kXmlns +
                 "\">\n  <ConfirmSubscriptionResult>\n    <SubscriptionArn>" +
                 EscapeMarkup(confirmed.value().subscription_arn) +
                 "</SubscriptionArn>\n  </ConfirmSubscriptionResult>\n" + Metadata(request_id) +
                 "</ConfirmSubscriptionResponse>\n");
}

HttpResponse Unsubscribe(AdminCall& call, const std::string& request_id) {
  std::optional<std::string> arn = AdminQuery(call, "SubscriptionArn");
  if (!arn || arn->empty()) {
    return SnsError(400, request_id, "InvalidParameter",
                    "Invalid parameter: Unsubscribe needs SubscriptionArn");
  }
  storage::StoreStatus done = storage::SnsStore(call.services.db).Unsubscribe(*arn);
  if (done.code() == storage::StoreCode::kNotFound) {
    return SnsError(404, request_id, "NotFound", "Subscription does not exist");
  }
  if (!done.ok()) return SnsError(500, request_id, "InternalError", done.error().message);
  return Xml(200, request_id,
             std::string("<UnsubscribeResponse xmlns=\"") + kXmlns + "\">\n" +
                 Metadata(request_id) + "</UnsubscribeResponse>\n");
}

}  // namespace

HttpResponse SnsActionEndpoint(AdminCall& call) {
  std::string request_id = call.services.ids.Uuid();
  std::string action = AdminQuery(call, "Action").value_or("");
  if (action == "ConfirmSubscription") return Confirm(call, request_id);
  if (action == "Unsubscribe") return Unsubscribe(call, request_id);
  return SnsError(400, request_id, "InvalidAction",
                  "Could not find operation " + (action.empty() ? "(none)" : action));
}

HttpResponse SnsCertificateEndpoint(AdminCall& call) {
  const events::SnsHttpDelivery* sns = call.hooks.sns_http ? call.hooks.sns_http() : nullptr;
  if (sns == nullptr || call.params["file"] != sns->signer().certificate_file()) {
    return AdminError(404, "No such certificate");
  }
  HttpResponse response;
  response.status = 200;
  response.SetHeader("Content-Type", "application/x-x509-ca-cert");
  response.body = sns->signer().certificate_pem();
  return response;
}

}  // namespace socialite
