// The SNS sink against an in-test SNS stand-in on 127.0.0.1 that checks each request the way
// SNS does: Query-protocol form body (Action, Version, TopicArn, Message), and the SigV4
// signature recomputed with the known secret for service "sns" in the topic's region. Then
// the mapping of SNS answers (MessageId, error codes, statuses, no answer) onto results.
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "server/events/sinks/sink.h"
#include "server/objectstore/sigv4.h"
#include "tests/server/testing/http_receiver.h"

namespace socialite::events {
namespace {

using testing::HttpReceiver;

constexpr char kAccessKey[] = "AKIDSOCIALITE";
constexpr char kSecretKey[] = "secret/with+chars=";
constexpr char kTopic[] = "arn:aws:sns:eu-west-2:111122223333:whatsapp-events";
constexpr char kMessageId[] = "94f20ce6-13c5-43a0-9a9e-ca52d816e90b";
constexpr int kTimeoutMs = 3000;

const std::string kEnvelope =
    "{\"context\":{\"MetaWabaIds\":[{\"wabaId\":\"104729384756102\"}]},"
    "\"whatsAppWebhookEntry\":\"{\\\"text\\\":\\\"olá & a+b = ✓ ~*'()!/?#\\\"}\",\n"
    "\"aws_account_id\":\"111122223333\"}";

std::string PublishXml(const std::string& message_id) {
  return "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n"
         "  <PublishResult>\n    <MessageId>" +
         message_id +
         "</MessageId>\n  </PublishResult>\n"
         "  <ResponseMetadata>\n    <RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId>\n"
         "  </ResponseMetadata>\n</PublishResponse>\n";
}

std::string ErrorXml(const std::string& type, const std::string& code, const std::string& message) {
  return "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <Error>\n"
         "    <Type>" +
         type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message +
         "</Message>\n  </Error>\n  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>\n"
         "</ErrorResponse>\n";
}

// application/x-www-form-urlencoded decoding as a server does it ('+' is a space).
std::string FormDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseForm(const std::string& body) {
  std::multimap<std::string, std::string> form;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(start, end - start);
    size_t eq = pair.find('=');
    if (eq != std::string::npos) {
      form.emplace(FormDecode(pair.substr(0, eq)), FormDecode(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
  return form;
}

// A minimal SNS: Publish to known topics, every request authenticated.
class FakeSns {
 public:
  FakeSns() {
    receiver_.SetHandler([this](const HttpRequest& request) { return Handle(request); });
  }

  std::string endpoint() const { return receiver_.url(""); }
  HttpReceiver& receiver() { return receiver_; }

  std::vector<std::string> problems() {
    std::lock_guard<std::mutex> lock(mu_);
    return problems_;
  }
  std::vector<std::multimap<std::string, std::string>> forms() {
    std::lock_guard<std::mutex> lock(mu_);
    return forms_;
  }

 private:
  void Problem(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    problems_.push_back(text);
  }

  static HttpResponse Xml(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.SetHeader("Content-Type", "text/xml");
    response.body = std::move(body);
    return response;
  }

  HttpResponse Handle(const HttpRequest& request) {
    if (request.method != "POST") Problem("method " + request.method);
    if (request.target != "/") Problem("target " + request.target);
    if (request.Header("Content-Type") != "application/x-www-form-urlencoded; charset=utf-8") {
      Problem("content type " + std::string(request.Header("Content-Type")));
    }
    // Everything sent is RFC 3986 unreserved or percent-encoded, so no decoder can misread it.
    static const std::regex kFormBytes("[A-Za-z0-9._~%&=-]*");
    if (!std::regex_match(request.body, kFormBytes)) Problem("unencoded form bytes");

    auto form = ParseForm(request.body);
    {
      std::lock_guard<std::mutex> lock(mu_);
      forms_.push_back(form);
    }
    auto field = [&](const std::string& name) -> std::string {
      if (form.count(name) != 1) {
        Problem("field " + name + " appears " + std::to_string(form.count(name)) + " times");
        return "";
      }
      return form.find(name)->second;
    };
    if (field("Action") != "Publish") Problem("Action");
    if (field("Version") != "2010-03-31") Problem("Version");
    std::string topic = field("TopicArn");
    field("Message");

    // The signature as SNS recomputes it: scope region from the topic ARN, service sns.
    std::string region = topic.size() > 12 ? topic.substr(12, topic.find(':', 12) - 12) : "";
    std::regex authorization_format(
        "AWS4-HMAC-SHA256 Credential=([^/]+)/([0-9]{8})/" + region +
        "/sns/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    std::string authorization(request.Header("Authorization"));
    std::smatch match;
    if (!std::regex_match(authorization, match, authorization_format)) {
      Problem("authorization " + authorization);
      return Xml(403, ErrorXml("Sender", "IncompleteSignature", "bad Authorization"));
    }
    std::string amz_date(request.Header("X-Amz-Date"));
    if (match[1] != kAccessKey) Problem("access key " + match[1].str());
    if (amz_date.substr(0, 8) != match[2]) Problem("date " + amz_date);
    std::string signed_headers = match[3];
    for (const char* required : {"content-type", "host", "x-amz-date"}) {
      if ((";" + signed_headers + ";").find(std::string(";") + required + ";") ==
          std::string::npos) {
        Problem(std::string("unsigned header ") + required);
      }
    }
    objectstore::SigningRequest signing;
    signing.method = request.method;
    signing.path = request.target;
    signing.payload_sha256_hex = objectstore::HexSha256(request.body);
    size_t start = 0;
    while (start <= signed_headers.size()) {
      size_t end = signed_headers.find(';', start);
      if (end == std::string::npos) end = signed_headers.size();
      std::string name = signed_headers.substr(start, end - start);
      signing.headers.emplace_back(name, std::string(request.Header(name)));
      start = end + 1;
    }
    objectstore::SigningKey key{kAccessKey, kSecretKey, region, "sns"};
    if (objectstore::Signature(signing, key, amz_date) != match[4]) {
      Problem("signature mismatch");
      return Xml(403, ErrorXml("Sender", "SignatureDoesNotMatch", "signature mismatch"));
    }
    if (topic != kTopic) return Xml(404, ErrorXml("Sender", "NotFound", "Topic does not exist"));
    return Xml(200, PublishXml(kMessageId));
  }

  HttpReceiver receiver_;
  std::mutex mu_;
  std::vector<std::string> problems_;
  std::vector<std::multimap<std::string, std::string>> forms_;
};

SnsSettings Settings(const std::string& endpoint) { return {endpoint, kAccessKey, kSecretKey}; }

TEST(SnsSinkTest, PublishesTheEnvelopeSignedForTheTopicsRegion) {
  FakeSns sns;
  auto sink = MakeSnsSink(Settings(sns.endpoint()), kTimeoutMs);

  DeliveryResult result = sink->Deliver(kTopic, kEnvelope);

  EXPECT_TRUE(result.delivered) << result.detail;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.target, std::string("sns ") + kTopic);
  EXPECT_EQ(result.detail, std::string("MessageId ") + kMessageId);
  EXPECT_TRUE(sns.problems().empty()) << ::testing::PrintToString(sns.problems());
  auto forms = sns.forms();
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].find("Message")->second, kEnvelope);
  EXPECT_EQ(forms[0].find("TopicArn")->second, kTopic);
  EXPECT_EQ(forms[0].size(), 4u);
}

TEST(SnsSinkTest, SendsTheDocumentedBodyLayout) {
  FakeSns sns;
  MakeSnsSink(Settings(sns.endpoint()), kTimeoutMs)->Deliver(kTopic, "{\"a\":\"b c+d\"}");
  auto requests = sns.receiver().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body,
            "Action=Publish&Version=2010-03-31"
            "&TopicArn=arn%3Aaws%3Asns%3Aeu-west-2%3A111122223333%3Awhatsapp-events"
            "&Message=%7B%22a%22%3A%22b%20c%2Bd%22%7D");
  EXPECT_EQ(requests[0].Header("Host"), "127.0.0.1:" + std::to_string(sns.receiver().port()));
}

TEST(SnsSinkTest, TrailingSlashInTheEndpointIsTheSameEndpoint) {
  FakeSns sns;
  DeliveryResult result =
      MakeSnsSink(Settings(sns.endpoint() + "/"), kTimeoutMs)->Deliver(kTopic, kEnvelope);
  EXPECT_TRUE(result.delivered) << result.detail;
  EXPECT_TRUE(sns.problems().empty()) << ::testing::PrintToString(sns.problems());
}

TEST(SnsSinkTest, APathInTheEndpointIsKeptAsAPrefix) {
  HttpReceiver receiver;
  receiver.Respond(200, PublishXml(kMessageId), "text/xml");
  DeliveryResult result =
      MakeSnsSink(Settings(receiver.url("/proxy/sns")), kTimeoutMs)->Deliver(kTopic, kEnvelope);
  EXPECT_TRUE(result.delivered) << result.detail;
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].target, "/proxy/sns/");
}

TEST(SnsSinkTest, AWrongSecretIsRejectedBySignatureCheck) {
  FakeSns sns;
  SnsSettings settings = Settings(sns.endpoint());
  settings.secret_key = "other";
  DeliveryResult result = MakeSnsSink(settings, kTimeoutMs)->Deliver(kTopic, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_FALSE(result.retryable);
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.detail, "HTTP 403 SignatureDoesNotMatch: signature mismatch");
}

TEST(SnsSinkTest, UnknownTopicIsNotRetryable) {
  FakeSns sns;
  DeliveryResult result = MakeSnsSink(Settings(sns.endpoint()), kTimeoutMs)
                              ->Deliver("arn:aws:sns:eu-west-2:111122223333:missing", kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_FALSE(result.retryable);
  EXPECT_EQ(result.http_status, 404);
  EXPECT_EQ(result.detail, "HTTP 404 NotFound: Topic does not exist");
  EXPECT_TRUE(sns.problems().empty()) << ::testing::PrintToString(sns.problems());
}

struct ErrorCase {
  int status;
  const char* code;
  bool retryable;
};

TEST(SnsSinkTest, ErrorCodesDecideRetryability) {
  HttpReceiver receiver;
  auto sink = MakeSnsSink(Settings(receiver.url("")), kTimeoutMs);
  // SNS sends Throttling with 400: the code, not the status, says it is transient.
  const ErrorCase cases[] = {{400, "Throttling", true},        {503, "ServiceUnavailable", true},
                             {500, "InternalError", true},     {404, "NotFound", false},
                             {400, "InvalidParameter", false}, {403, "AuthorizationError", false},
                             {400, "SomethingNew", false},     {502, "SomethingNew", true}};
  for (const ErrorCase& c : cases) {
    receiver.Respond(c.status, ErrorXml("Sender", c.code, "it &amp; &lt;that&gt;"), "text/xml");
    DeliveryResult result = sink->Deliver(kTopic, kEnvelope);
    EXPECT_FALSE(result.delivered) << c.code;
    EXPECT_EQ(result.retryable, c.retryable) << c.code << " " << c.status;
    EXPECT_EQ(result.http_status, c.status);
    EXPECT_EQ(result.detail, "HTTP " + std::to_string(c.status) + " " + c.code + ": it & <that>");
  }
}

TEST(SnsSinkTest, NonXmlAnswersFallBackToTheStatus) {
  HttpReceiver receiver;
  auto sink = MakeSnsSink(Settings(receiver.url("")), kTimeoutMs);

  receiver.Respond(502, "<html>Bad Gateway</html>");
  DeliveryResult gateway = sink->Deliver(kTopic, kEnvelope);
  EXPECT_FALSE(gateway.delivered);
  EXPECT_TRUE(gateway.retryable);
  EXPECT_EQ(gateway.detail, "HTTP 502: <html>Bad Gateway</html>");

  receiver.Respond(400, "nope");
  DeliveryResult bad = sink->Deliver(kTopic, kEnvelope);
  EXPECT_FALSE(bad.delivered);
  EXPECT_FALSE(bad.retryable);

  receiver.Respond(429);
  EXPECT_TRUE(sink->Deliver(kTopic, kEnvelope).retryable);
}

TEST(SnsSinkTest, SuccessWithoutMessageIdIsNotADelivery) {
  HttpReceiver receiver;
  receiver.Respond(200, "{\"ok\":true}", "application/json");
  DeliveryResult result =
      MakeSnsSink(Settings(receiver.url("")), kTimeoutMs)->Deliver(kTopic, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_FALSE(result.retryable);
  EXPECT_EQ(result.http_status, 200);
}

TEST(SnsSinkTest, ConnectionRefusedIsRetryable) {
  std::string endpoint = "http://127.0.0.1:" + std::to_string(HttpReceiver::ClosedPort());
  DeliveryResult result = MakeSnsSink(Settings(endpoint), kTimeoutMs)->Deliver(kTopic, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_TRUE(result.retryable);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_FALSE(result.detail.empty());
}

TEST(SnsSinkTest, NonTopicDestinationsFailWithoutARequest) {
  HttpReceiver receiver;
  auto sink = MakeSnsSink(Settings(receiver.url("")), kTimeoutMs);
  for (const char* arn : {"arn:aws:sqs:us-east-1:111122223333:queue",
                          "arn:aws:sns:us-east-1:111122223333", "arn:aws:sns::111122223333:t",
                          "arn:aws:sns:us-east-1:111122223333:t:extra", "not an arn"}) {
    DeliveryResult result = sink->Deliver(arn, kEnvelope);
    EXPECT_FALSE(result.delivered) << arn;
    EXPECT_FALSE(result.retryable) << arn;
  }
  EXPECT_TRUE(receiver.requests().empty());
}

TEST(SnsSinkTest, InvalidEndpointIsNotRetryable) {
  DeliveryResult result =
      MakeSnsSink(Settings("localhost:4566"), kTimeoutMs)->Deliver(kTopic, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_FALSE(result.retryable);
  EXPECT_NE(result.detail.find("localhost:4566"), std::string::npos);
}

TEST(SnsTopicRegionTest, ReadsTheRegionField) {
  EXPECT_EQ(SnsTopicRegion(kTopic), "eu-west-2");
  EXPECT_EQ(SnsTopicRegion("arn:aws-cn:sns:cn-north-1:111122223333:t.fifo"), "cn-north-1");
  EXPECT_EQ(SnsTopicRegion("arn:aws:sqs:us-east-1:111122223333:q"), std::nullopt);
  EXPECT_EQ(SnsTopicRegion("arn:aws:sns:us-east-1:111122223333:"), std::nullopt);
  EXPECT_EQ(SnsTopicRegion(""), std::nullopt);
}

}  // namespace
}  // namespace socialite::events
