// The S3 backend: path-style GET/PUT object requests, SigV4-signed, sent with net::SendHttp.
// Works with AWS S3 and S3-compatible servers (MinIO, LocalStack, …).
#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "server/net/http_client.h"
#include "server/objectstore/aws_endpoint.h"
#include "server/objectstore/object_names.h"
#include "server/objectstore/object_store.h"
#include "server/objectstore/sigv4.h"

namespace socialite::objectstore {
namespace {

// Media objects can be large and the server remote; generous, but bounded.
constexpr int kRequestTimeoutMs = 60000;

ObjectFailure Failure(ObjectError code, std::string message) {
  return ObjectFailure{code, std::move(message)};
}

// The text of <tag>…</tag> in an S3 XML error body, if present. S3 error documents are flat
// and small, so a search is enough; no XML parser is needed for two fields.
std::string XmlElement(std::string_view body, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  size_t start = body.find(open);
  if (start == std::string_view::npos) return "";
  start += open.size();
  size_t end = body.find(close, start);
  if (end == std::string_view::npos) return "";
  return std::string(body.substr(start, end - start));
}

// "HTTP 403 SignatureDoesNotMatch: The request signature …" from an S3 error response.
std::string DescribeError(const HttpResponse& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  std::string code = XmlElement(response.body, "Code");
  std::string message = XmlElement(response.body, "Message");
  if (!code.empty()) text += " " + code;
  if (!message.empty()) text += ": " + message;
  return text;
}

class S3Store : public ObjectStore {
 public:
  explicit S3Store(const S3Endpoint& endpoint)
      : description_("s3:" + endpoint.url),
        parsed_(ParseAwsEndpoint(endpoint.url)),
        key_{endpoint.access_key, endpoint.secret_key, endpoint.region, "s3"} {}

  ObjectResult<StoredObject> Get(const std::string& bucket, const std::string& key) override {
    auto response = Send("GET", bucket, key, "", "");
    if (auto* failure = std::get_if<ObjectFailure>(&response)) return *failure;
    HttpResponse& ok = std::get<HttpResponse>(response);
    return StoredObject{std::move(ok.body), std::string(ok.Header("Content-Type"))};
  }

  ObjectResult<bool> Put(const std::string& bucket, const std::string& key,
                         const std::string& bytes, const std::string& content_type) override {
    auto response = Send("PUT", bucket, key, bytes, content_type);
    if (auto* failure = std::get_if<ObjectFailure>(&response)) return *failure;
    return true;
  }

  std::string Describe() const override { return description_; }
  void Abort() override { abort_.request_stop(); }

 private:
  // One signed request; a 2xx response comes back, anything else as the matching failure.
  std::variant<HttpResponse, ObjectFailure> Send(const std::string& method,
                                                 const std::string& bucket, const std::string& key,
                                                 const std::string& body,
                                                 const std::string& content_type) const {
    std::string what = "S3 " + method + " " + bucket + "/" + key;
    if (!IsValidBucketName(bucket)) {
      return Failure(ObjectError::kInvalidKey, "invalid bucket name \"" + bucket + "\"");
    }
    if (!IsValidObjectKey(key)) {
      return Failure(ObjectError::kInvalidKey, "invalid object key for bucket " + bucket);
    }
    if (!parsed_) return Failure(ObjectError::kUnavailable, "invalid S3 endpoint " + description_);

    // Sign exactly the headers that are sent, Host included, so the server sees what we signed.
    SigningRequest signing;
    signing.method = method;
    signing.path = parsed_->base_path + "/" + UriEncode(bucket, true) + "/" + UriEncode(key, false);
    signing.payload_sha256_hex = HexSha256(body);
    std::string amz_date = FormatAmzDate(std::chrono::system_clock::now());
    signing.headers = {{"Host", parsed_->host},
                       {"x-amz-content-sha256", signing.payload_sha256_hex},
                       {"x-amz-date", amz_date}};
    if (!content_type.empty()) signing.headers.emplace_back("Content-Type", content_type);

    HttpRequest request;
    request.method = method;
    request.target = signing.path;
    request.headers = signing.headers;
    request.headers.emplace_back("Authorization", AuthorizationHeader(signing, key_, amz_date));
    request.body = body;

    net::ClientResult result = net::SendHttp(parsed_->origin + signing.path, request,
                                             kRequestTimeoutMs, abort_.get_token());
    if (!result.ok) return Failure(ObjectError::kUnavailable, what + ": " + result.error);
    if (result.response.status == 404) {
      return Failure(ObjectError::kNotFound, what + ": " + DescribeError(result.response));
    }
    if (result.response.status < 200 || result.response.status > 299) {
      return Failure(ObjectError::kUnavailable, what + ": " + DescribeError(result.response));
    }
    return std::move(result.response);
  }

  const std::string description_;
  const std::optional<AwsEndpoint> parsed_;
  std::stop_source abort_;  // thread-safe: requested once, at shutdown
  const SigningKey key_;
};

}  // namespace

std::unique_ptr<ObjectStore> MakeS3Store(const S3Endpoint& endpoint) {
  return std::make_unique<S3Store>(endpoint);
}

}  // namespace socialite::objectstore
