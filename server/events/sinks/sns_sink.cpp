// SNS sink: Amazon SNS Publish over the Query protocol (form-encoded POST, XML answer), signed
// with SigV4 so that real SNS and emulators that check signatures (LocalStack, moto) accept it.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/dispatch/http_message.h"
#include "server/events/sinks/signed_post.h"
#include "server/events/sinks/sink.h"
#include "server/net/http_client.h"
#include "server/objectstore/sigv4.h"

namespace socialite::events {
namespace {

constexpr char kContentType[] = "application/x-www-form-urlencoded; charset=utf-8";
constexpr size_t kMaxDetailBodyBytes = 200;

// Error codes SNS documents as transient; the same Publish may succeed later. SNS sends
// Throttling with status 400, so the code decides before the status does.
constexpr std::string_view kRetryableCodes[] = {
    "Throttling",      "ThrottlingException", "ServiceUnavailable", "InternalError",
    "InternalFailure", "RequestTimeout",      "KMSThrottling"};
// Codes that say the request itself is wrong (topic, parameters, credentials, policy).
constexpr std::string_view kPermanentCodes[] = {
    "NotFound",           "InvalidParameter",     "InvalidParameterValue",
    "AuthorizationError", "InvalidClientTokenId", "SignatureDoesNotMatch",
    "AccessDenied",       "InvalidSecurity",      "EndpointDisabled",
    "KMSDisabled",        "KMSNotFound",          "KMSInvalidState"};

template <size_t N>
bool Contains(const std::string_view (&codes)[N], std::string_view code) {
  for (std::string_view known : codes) {
    if (known == code) return true;
  }
  return false;
}

// XML entities SNS uses in error messages; anything else is left as written.
std::string DecodeXmlText(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, character] : kEntities) {
        if (text.substr(i, entity.size()) == entity) {
          out += character;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

// The text of the first <name>…</name> at or after `from`. The SNS answers are small and flat,
// so a search for the element is enough; no XML library is needed.
std::optional<std::string> ElementText(const std::string& xml, const std::string& name,
                                       size_t from = 0) {
  std::string open = "<" + name + ">";
  std::string close = "</" + name + ">";
  size_t start = xml.find(open, from);
  if (start == std::string::npos) return std::nullopt;
  start += open.size();
  size_t end = xml.find(close, start);
  if (end == std::string::npos) return std::nullopt;
  return DecodeXmlText(std::string_view(xml).substr(start, end - start));
}

bool IsRetryableStatus(int status) { return status == 408 || status == 429 || status >= 500; }

std::string Truncated(const std::string& text) {
  if (text.size() <= kMaxDetailBodyBytes) return text;
  return text.substr(0, kMaxDetailBodyBytes) + "…";
}

// Maps an SNS answer onto a delivery result.
void ReadResponse(const HttpResponse& response, DeliveryResult& result) {
  result.http_status = response.status;
  bool success = response.status >= 200 && response.status <= 299;
  size_t error_at = response.body.find("<Error>");
  if (success && error_at == std::string::npos) {
    std::optional<std::string> message_id = ElementText(response.body, "MessageId");
    if (message_id && !message_id->empty()) {
      result.delivered = true;
      result.retryable = false;
      result.detail = "MessageId " + *message_id;
      return;
    }
    // Something answered, but not SNS (a wrong --sns-endpoint); retrying will not fix that.
    result.retryable = false;
    result.detail = "HTTP " + std::to_string(response.status) +
                    " without a <MessageId>: " + Truncated(response.body);
    return;
  }

  std::optional<std::string> code;
  std::optional<std::string> message;
  if (error_at != std::string::npos) {
    code = ElementText(response.body, "Code", error_at);
    message = ElementText(response.body, "Message", error_at);
  }
  if (code && Contains(kRetryableCodes, *code)) {
    result.retryable = true;
  } else if (code && Contains(kPermanentCodes, *code)) {
    result.retryable = false;
  } else {
    result.retryable = IsRetryableStatus(response.status);
  }
  result.detail = "HTTP " + std::to_string(response.status);
  if (code) {
    result.detail += " " + *code;
    if (message && !message->empty()) result.detail += ": " + *message;
  } else if (!response.body.empty()) {
    result.detail += ": " + Truncated(response.body);
  }
}

class SnsSink : public Sink {
 public:
  SnsSink(const SnsSettings& settings, int timeout_ms, std::shared_ptr<net::HttpClient> client)
      : client_(std::move(client)),
        endpoint_text_(settings.endpoint),
        endpoint_(objectstore::ParseAwsEndpoint(settings.endpoint)),
        access_key_(settings.access_key),
        secret_key_(settings.secret_key),
        timeout_ms_(timeout_ms) {}

  using Sink::Deliver;
  DeliveryResult Deliver(const std::string& destination_arn, const std::string& envelope_json,
                         std::stop_token stop) override {
    DeliveryResult result;
    result.target = "sns " + destination_arn;
    std::optional<std::string> region = SnsTopicRegion(destination_arn);
    if (!region) {
      result.retryable = false;
      result.detail = "not an SNS topic ARN: " + destination_arn;
      return result;
    }
    if (!endpoint_) {
      result.retryable = false;
      result.detail = "invalid SNS endpoint \"" + endpoint_text_ + "\"";
      return result;
    }

    // The Query protocol body; UriEncode leaves only the unreserved set bare, so the form
    // decodes the same whether the receiver treats '+' as a space or not.
    std::string body = "Action=Publish&Version=2010-03-31&TopicArn=" +
                       objectstore::UriEncode(destination_arn, true) +
                       "&Message=" + objectstore::UriEncode(envelope_json, true);

    objectstore::SigningKey key{access_key_, secret_key_, *region, "sns"};
    net::ClientResult sent = SendSignedPost(*client_, *endpoint_, kContentType, {}, key,
                                            std::move(body), timeout_ms_, std::move(stop));
    if (!sent.ok) {
      result.retryable = true;
      result.detail = sent.error;
      return result;
    }
    ReadResponse(sent.response, result);
    return result;
  }

 private:
  const std::shared_ptr<net::HttpClient> client_;
  const std::string endpoint_text_;
  const std::optional<objectstore::AwsEndpoint> endpoint_;
  const std::string access_key_;
  const std::string secret_key_;
  const int timeout_ms_;
};

}  // namespace

std::optional<std::string> SnsTopicRegion(const std::string& arn) {
  // arn:PARTITION:sns:REGION:ACCOUNT:NAME; topic names cannot contain ':'.
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t colon = arn.find(':', start);
    fields.push_back(arn.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (fields.size() != 6 || fields[0] != "arn" || fields[2] != "sns") return std::nullopt;
  for (const std::string& field : fields) {
    if (field.empty()) return std::nullopt;
  }
  return fields[3];
}

std::unique_ptr<Sink> MakeSnsSink(const SnsSettings& settings, int timeout_ms,
                                  std::shared_ptr<net::HttpClient> client) {
  if (!client) client = std::make_shared<net::HttpClient>();
  return std::make_unique<SnsSink>(settings, timeout_ms, std::move(client));
}

}  // namespace socialite::events
