#include "server/auth/request_authenticator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "server/objectstore/sigv4.h"

// Requests are signed here with the objectstore SigV4 signer (the client side, tested against
// AWS's vectors) and checked by the authenticator (the server side), for service
// social-messaging in us-east-1, the way the AWS SDK signs them.

namespace socialite::auth {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr int64_t kNowMs = 1768471200000;  // 2026-01-15T10:00:00Z
constexpr int64_t kMinuteMs = 60 * 1000;
constexpr char kArn[] =
    "arn:aws:social-messaging:us-east-1:000000000000:waba/5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01";
constexpr char kMismatchPrefix[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

std::string AmzDate(int64_t ms) {
  return objectstore::FormatAmzDate(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

// A request as the SDK would send it; Sign() fills in the signature.
struct Draft {
  std::string method = "GET";
  std::string path = "/v1/whatsapp/waba/list";  // as sent; these paths need no escaping
  Pairs query;                                  // decoded; sent percent-encoded in this order
  std::string body;
  Pairs signed_headers;  // besides host, x-amz-date and x-amz-content-sha256
  Pairs unsigned_headers = {{"User-Agent", "aws-sdk-js/3 test"}};
  bool content_sha256_header = true;
  std::string access_key = "AKIDTEST";
  std::string secret = "secretkey123";
  std::string region = "us-east-1";
  std::string service = "social-messaging";
  int64_t signed_at_ms = kNowMs;
};

std::string EncodedQuery(const Pairs& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    out += out.empty() ? "?" : "&";
    out += objectstore::UriEncode(name, true) + "=" + objectstore::UriEncode(value, true);
  }
  return out;
}

HttpRequest Sign(const Draft& draft) {
  std::string amz_date = AmzDate(draft.signed_at_ms);
  objectstore::SigningRequest signing;
  signing.method = draft.method;
  signing.path = draft.path;
  signing.query = draft.query;
  signing.payload_sha256_hex = objectstore::HexSha256(draft.body);
  signing.headers = {{"host", "localhost:4576"}, {"x-amz-date", amz_date}};
  if (draft.content_sha256_header) {
    signing.headers.emplace_back("x-amz-content-sha256", signing.payload_sha256_hex);
  }
  for (const auto& header : draft.signed_headers) signing.headers.push_back(header);
  objectstore::SigningKey key{draft.access_key, draft.secret, draft.region, draft.service};

  HttpRequest request;
  request.method = draft.method;
  request.target = draft.path + EncodedQuery(draft.query);
  request.headers = signing.headers;
  for (const auto& header : draft.unsigned_headers) request.headers.push_back(header);
  request.headers.emplace_back("Authorization",
                               objectstore::AuthorizationHeader(signing, key, amz_date));
  request.body = draft.body;
  return request;
}

RequestAuthenticator Authenticator() {
  return RequestAuthenticator({{"AKIDTEST", "secretkey123"}, {"111122223333", "othersecret"}});
}

// The refusal, or nullopt when the request verifies.
std::optional<ApiError> Check(const HttpRequest& request, int64_t now_ms = kNowMs) {
  Result<CredentialScope> verified = Authenticator().Verify(request, now_ms);
  if (verified.ok()) return std::nullopt;
  return verified.error();
}

void SetHeader(HttpRequest& request, const std::string& name, const std::string& value) {
  for (auto& [key, old] : request.headers) {
    if (key == name) {
      old = value;
      return;
    }
  }
  request.headers.emplace_back(name, value);
}

void RemoveHeader(HttpRequest& request, const std::string& name) {
  std::erase_if(request.headers, [&](const auto& header) { return header.first == name; });
}

// Safe on an accepted request, so a wrong expectation fails instead of crashing.
std::string MessageOf(const std::optional<ApiError>& error) {
  return error ? error->message : "<accepted>";
}
ErrorCode CodeOf(const std::optional<ApiError>& error) {
  return error ? error->code : ErrorCode::kInternalService;
}

std::string AuthorizationOf(const HttpRequest& request) {
  return std::string(request.Header("Authorization"));
}

// The failure's code, its HTTP status and wire name all as expected.
void ExpectError(const std::optional<ApiError>& error, ErrorCode code, int status,
                 const char* name) {
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, code) << error->message;
  EXPECT_EQ(ErrorHttpStatus(error->code), status);
  EXPECT_STREQ(ErrorName(error->code), name);
  EXPECT_TRUE(IsProtocolError(error->code));
}

void ExpectIncomplete(const std::optional<ApiError>& error, const std::string& message) {
  ExpectError(error, ErrorCode::kIncompleteSignature, 403, "IncompleteSignature");
  EXPECT_EQ(MessageOf(error), message);
}

void ExpectMismatch(const std::optional<ApiError>& error) {
  ExpectError(error, ErrorCode::kInvalidSignature, 403, "InvalidSignatureException");
  EXPECT_EQ(MessageOf(error).rfind(kMismatchPrefix, 0), 0u) << MessageOf(error);
}

void ExpectAccepted(const HttpRequest& request, int64_t now_ms = kNowMs) {
  auto error = Check(request, now_ms);
  EXPECT_FALSE(error.has_value()) << error->message;
}

Draft GetWaba() {
  Draft draft;
  draft.path = "/v1/whatsapp/waba/details";
  draft.query = {{"id", kArn}};
  draft.signed_headers = {{"amz-sdk-invocation-id", "77a8032b-5d4b-41f6-8591-565be421aa2b"},
                          {"amz-sdk-request", "attempt=1; max=1"},
                          {"x-amz-user-agent", "aws-sdk-js/3.1069.0"}};
  return draft;
}

Draft PostTags() {
  Draft draft;
  draft.method = "POST";
  draft.path = "/v1/tags/tag-resource";
  draft.body = std::string(R"({"resourceArn":")") + kArn + R"(","tags":[{"key":"k","value":"v"}]})";
  draft.signed_headers = {{"content-type", "application/json"},
                          {"content-length", std::to_string(draft.body.size())}};
  return draft;
}

Draft DeleteWaba() {
  Draft draft = GetWaba();
  draft.method = "DELETE";
  draft.path = "/v1/whatsapp/waba/disassociate";
  return draft;
}

// --- Correctly signed requests --------------------------------------------------------------

TEST(RequestAuthenticatorTest, AcceptsGetWithPercentEncodedArnInTheQuery) {
  HttpRequest request = Sign(GetWaba());
  EXPECT_NE(request.target.find("id=arn%3Aaws%3Asocial-messaging%3A"), std::string::npos);
  ExpectAccepted(request);
}

TEST(RequestAuthenticatorTest, AcceptsPostWithJsonBody) { ExpectAccepted(Sign(PostTags())); }

TEST(RequestAuthenticatorTest, AcceptsDeleteWithQuery) { ExpectAccepted(Sign(DeleteWaba())); }

TEST(RequestAuthenticatorTest, AcceptsTwelveDigitAccessKeyWithItsSecret) {
  Draft draft = GetWaba();
  draft.access_key = "111122223333";
  draft.secret = "othersecret";
  draft.region = "eu-west-1";
  ExpectAccepted(Sign(draft));
}

TEST(RequestAuthenticatorTest, AcceptsBodyHashedWithoutContentSha256Header) {
  Draft draft = PostTags();
  draft.content_sha256_header = false;
  ExpectAccepted(Sign(draft));
}

TEST(RequestAuthenticatorTest, QueryIsCanonicalizedFromTheRawTarget) {
  // Sent unsorted, with a repeated name, an empty value, a space and a '+'.
  Draft draft;
  draft.query = {
      {"nextToken", "a+b/c= d"}, {"maxResults", "5"}, {"x", "2"}, {"x", "1"}, {"empty", ""}};
  ExpectAccepted(Sign(draft));
  // A bare name without '=' signs as "name=".
  HttpRequest bare = Sign(draft);
  bare.target += "&flag";
  Draft with_flag = draft;
  with_flag.query.emplace_back("flag", "");
  HttpRequest expected = Sign(with_flag);
  SetHeader(bare, "Authorization", AuthorizationOf(expected));
  ExpectAccepted(bare);
}

TEST(RequestAuthenticatorTest, PathSegmentsAreEncodedOnceMoreThanSent) {
  // The SDKs escape the path they send, then sign it escaped again.
  Draft draft;
  draft.path = "/v1/odd%3Apath";
  HttpRequest request = Sign(draft);  // signs "/v1/odd%3Apath" as given: wrong for this service
  ExpectMismatch(Check(request));
  draft.path = "/v1/odd%253Apath";
  HttpRequest double_encoded = Sign(draft);
  double_encoded.target = "/v1/odd%3Apath";
  ExpectAccepted(double_encoded);
}

TEST(RequestAuthenticatorTest, HeaderNameCaseAndValueWhiteSpaceDoNotMatter) {
  Draft draft = GetWaba();
  draft.signed_headers.emplace_back("x-custom", "a b");
  HttpRequest request = Sign(draft);
  RemoveHeader(request, "x-custom");
  request.headers.emplace_back("X-Custom", "   a    b  ");
  ExpectAccepted(request);
}

TEST(RequestAuthenticatorTest, UnsignedExtraHeadersAreIgnored) {
  HttpRequest request = Sign(GetWaba());
  request.headers.emplace_back("X-Forwarded-For", "10.0.0.1");
  request.headers.emplace_back("Connection", "keep-alive");
  ExpectAccepted(request);
}

TEST(RequestAuthenticatorTest, AcceptsUnsignedPayload) {
  Draft draft = PostTags();
  draft.content_sha256_header = false;
  draft.signed_headers.emplace_back("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  // Sign() hashes the body; re-sign with the literal payload marker as the SDK would.
  objectstore::SigningRequest signing;
  signing.method = "POST";
  signing.path = draft.path;
  signing.payload_sha256_hex = "UNSIGNED-PAYLOAD";
  signing.headers = {{"host", "localhost:4576"}, {"x-amz-date", AmzDate(kNowMs)}};
  for (const auto& header : draft.signed_headers) signing.headers.push_back(header);
  HttpRequest request;
  request.method = "POST";
  request.target = draft.path;
  request.headers = signing.headers;
  request.headers.emplace_back(
      "Authorization",
      objectstore::AuthorizationHeader(
          signing, {"AKIDTEST", "secretkey123", "us-east-1", "social-messaging"}, AmzDate(kNowMs)));
  request.body = draft.body;
  ExpectAccepted(request);
}

TEST(RequestAuthenticatorTest, AcceptsHttpDateHeaderInsteadOfXAmzDate) {
  // Signed with the Date header; the string to sign still uses the ISO-8601 basic form.
  objectstore::SigningRequest signing;
  signing.method = "GET";
  signing.path = "/v1/whatsapp/waba/list";
  signing.payload_sha256_hex = objectstore::HexSha256("");
  signing.headers = {{"host", "localhost:4576"}, {"date", "Thu, 15 Jan 2026 10:00:00 GMT"}};
  HttpRequest request;
  request.method = "GET";
  request.target = signing.path;
  request.headers = signing.headers;
  request.headers.emplace_back(
      "Authorization", objectstore::AuthorizationHeader(
                           signing, {"AKIDTEST", "secretkey123", "us-east-1", "social-messaging"},
                           "20260115T100000Z"));
  ExpectAccepted(request);
}

// --- Missing and malformed authentication ----------------------------------------------------

TEST(RequestAuthenticatorTest, NoAuthorizationIsMissingAuthenticationToken) {
  HttpRequest request = Sign(GetWaba());
  RemoveHeader(request, "Authorization");
  auto error = Check(request);
  ExpectError(error, ErrorCode::kMissingAuthenticationToken, 403,
              "MissingAuthenticationTokenException");
  EXPECT_EQ(MessageOf(error), "Missing Authentication Token");
}

TEST(RequestAuthenticatorTest, MissingParametersAreListedWithTheHeader) {
  HttpRequest request = Sign(GetWaba());
  std::string full = AuthorizationOf(request);
  std::string without_signature = full.substr(0, full.find(", Signature="));
  SetHeader(request, "Authorization", without_signature);
  ExpectIncomplete(Check(request),
                   "Authorization header requires 'Signature' parameter. "
                   "Authorization=" +
                       without_signature);

  SetHeader(request, "Authorization", "AWS4-HMAC-SHA256 Signature=abc");
  RemoveHeader(request, "x-amz-date");
  ExpectIncomplete(Check(request),
                   "Authorization header requires 'Credential' parameter. Authorization header "
                   "requires 'SignedHeaders' parameter. Authorization header requires existence "
                   "of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 "
                   "Signature=abc");
}

TEST(RequestAuthenticatorTest, MissingDateHeader) {
  HttpRequest request = Sign(GetWaba());
  RemoveHeader(request, "x-amz-date");
  ExpectIncomplete(Check(request),
                   "Authorization header requires existence of either a 'X-Amz-Date' or a "
                   "'Date' header. Authorization=" +
                       AuthorizationOf(request));
}

TEST(RequestAuthenticatorTest, TokenWithoutEqualSign) {
  HttpRequest request = Sign(GetWaba());
  SetHeader(request, "Authorization", "Bearer abc123");
  ExpectIncomplete(Check(request),
                   "'abc123' not a valid key=value pair (missing equal-sign) in Authorization "
                   "header: 'Bearer abc123'.");
  // A space after "Credential=" splits the scope off as its own token, as at AWS.
  std::string spaced = AuthorizationOf(Sign(GetWaba()));
  spaced.replace(spaced.find("Credential=") + 11, 0, " ");
  SetHeader(request, "Authorization", spaced);
  auto error = Check(request);
  ExpectError(error, ErrorCode::kIncompleteSignature, 403, "IncompleteSignature");
  EXPECT_EQ(
      MessageOf(error).rfind("'AKIDTEST/20260115/us-east-1/social-messaging/aws4_request' not "
                             "a valid key=value pair",
                             0),
      0u);
}

TEST(RequestAuthenticatorTest, WrongAlgorithm) {
  HttpRequest request = Sign(GetWaba());
  std::string header = AuthorizationOf(request);
  header.replace(0, 16, "AWS4-HMAC-SHA512");
  SetHeader(request, "Authorization", header);
  ExpectIncomplete(Check(request),
                   "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'; only "
                   "AWS4-HMAC-SHA256 is accepted. Authorization=" +
                       header);
}

// Rewrites the Credential=… value of a correctly signed request.
HttpRequest WithCredential(const std::string& credential) {
  HttpRequest request = Sign(GetWaba());
  std::string header = AuthorizationOf(request);
  size_t start = header.find("Credential=") + 11;
  header.replace(start, header.find(',', start) - start, credential);
  SetHeader(request, "Authorization", header);
  return request;
}

TEST(RequestAuthenticatorTest, MalformedCredentialScope) {
  ExpectIncomplete(Check(WithCredential("AKIDTEST/20260115/us-east-1/social-messaging")),
                   "Credential must have exactly 5 parts, "
                   "<access key>/<YYYYMMDD>/<region>/<service>/aws4_request; got "
                   "'AKIDTEST/20260115/us-east-1/social-messaging'.");
  ExpectIncomplete(
      Check(WithCredential("AKIDTEST/20260115/us-east-1/social-messaging/aws4_request/x")),
      "Credential must have exactly 5 parts, "
      "<access key>/<YYYYMMDD>/<region>/<service>/aws4_request; got "
      "'AKIDTEST/20260115/us-east-1/social-messaging/aws4_request/x'.");
  ExpectIncomplete(Check(WithCredential("AKIDTEST/20260115/us-east-1/sns/aws4_request")),
                   "Credential should be scoped to correct service: 'social-messaging'.");
  ExpectIncomplete(
      Check(WithCredential("AKIDTEST/20260115/us-east-1/social-messaging/aws4_req")),
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_req'.");
  ExpectIncomplete(Check(WithCredential("AKIDTEST/20260115//social-messaging/aws4_request")),
                   "Credential should be scoped to a valid region, not ''.");
}

TEST(RequestAuthenticatorTest, ScopeDateMustBeTheRequestDate) {
  ExpectIncomplete(
      Check(WithCredential("AKIDTEST/20260114/us-east-1/social-messaging/aws4_request")),
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
      "HTTP: '20260114' != '20260115', from '20260115T100000Z'.");
}

TEST(RequestAuthenticatorTest, HostMustBeSigned) {
  HttpRequest request = Sign(GetWaba());
  std::string header = AuthorizationOf(request);
  header.replace(header.find(";host;"), 6, ";");
  SetHeader(request, "Authorization", header);
  ExpectIncomplete(Check(request),
                   "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST(RequestAuthenticatorTest, MalformedXAmzDate) {
  HttpRequest request = Sign(GetWaba());
  SetHeader(request, "x-amz-date", "2026-01-15T10:00:00Z");
  ExpectIncomplete(Check(request),
                   "Date must be in ISO-8601 'basic format'. Got '2026-01-15T10:00:00Z'. See "
                   "http://en.wikipedia.org/wiki/ISO_8601");
  SetHeader(request, "x-amz-date", "20261315T100000Z");  // month 13
  EXPECT_EQ(CodeOf(Check(request)), ErrorCode::kIncompleteSignature);
}

// --- Credentials and signature ----------------------------------------------------------------

TEST(RequestAuthenticatorTest, UnknownAccessKey) {
  Draft draft = GetWaba();
  draft.access_key = "AKIDUNKNOWN";
  auto error = Check(Sign(draft));
  ExpectError(error, ErrorCode::kUnrecognizedClient, 403, "UnrecognizedClientException");
  EXPECT_EQ(MessageOf(error), "The security token included in the request is invalid.");
}

TEST(RequestAuthenticatorTest, WrongSecretShowsWhatWasComputed) {
  Draft draft = GetWaba();
  draft.secret = "not-the-secret";
  auto error = Check(Sign(draft));
  ExpectMismatch(error);
  EXPECT_NE(MessageOf(error).find("The Canonical String for this request should have been\n'GET\n"
                                  "/v1/whatsapp/waba/details\nid=arn%3Aaws%3Asocial-messaging%3A"),
            std::string::npos)
      << MessageOf(error);
  EXPECT_NE(MessageOf(error).find("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n"
                                  "20260115T100000Z\n20260115/us-east-1/social-messaging/"
                                  "aws4_request\n"),
            std::string::npos)
      << MessageOf(error);
}

TEST(RequestAuthenticatorTest, SecretOfAnotherKeyDoesNotVerify) {
  Draft draft = GetWaba();
  draft.access_key = "111122223333";  // signed with AKIDTEST's secret
  ExpectMismatch(Check(Sign(draft)));
}

TEST(RequestAuthenticatorTest, TamperedBody) {
  // With x-amz-content-sha256 (as the JS SDK sends) the declared hash no longer fits the body.
  HttpRequest request = Sign(PostTags());
  request.body.replace(request.body.find("\"v\""), 3, "\"w\"");
  auto error = Check(request);
  ExpectError(error, ErrorCode::kInvalidSignature, 403, "InvalidSignatureException");
  EXPECT_EQ(MessageOf(error),
            "The provided 'x-amz-content-sha256' header does not match what was computed.");
  // Without it the body hash is part of the canonical request.
  Draft draft = PostTags();
  draft.content_sha256_header = false;
  request = Sign(draft);
  request.body += " ";
  ExpectMismatch(Check(request));
}

TEST(RequestAuthenticatorTest, TamperedQuery) {
  HttpRequest request = Sign(GetWaba());
  request.target.back() = request.target.back() == '1' ? '2' : '1';
  ExpectMismatch(Check(request));
  request = Sign(GetWaba());
  request.target += "&extra=1";
  ExpectMismatch(Check(request));
}

TEST(RequestAuthenticatorTest, TamperedMethodOrPath) {
  HttpRequest request = Sign(GetWaba());
  request.method = "DELETE";
  ExpectMismatch(Check(request));
  request = Sign(GetWaba());
  request.target.replace(0, request.target.find('?'), "/v1/whatsapp/waba/disassociate");
  ExpectMismatch(Check(request));
}

TEST(RequestAuthenticatorTest, TamperedOrMissingSignedHeader) {
  HttpRequest request = Sign(GetWaba());
  SetHeader(request, "amz-sdk-request", "attempt=2; max=3");
  ExpectMismatch(Check(request));
  request = Sign(GetWaba());
  SetHeader(request, "host", "localhost:9999");
  ExpectMismatch(Check(request));
  request = Sign(GetWaba());
  RemoveHeader(request, "x-amz-user-agent");
  ExpectMismatch(Check(request));
}

// --- Clock skew --------------------------------------------------------------------------------

TEST(RequestAuthenticatorTest, FourteenMinutesEitherWayIsAccepted) {
  Draft draft = GetWaba();
  draft.signed_at_ms = kNowMs - 14 * kMinuteMs;
  ExpectAccepted(Sign(draft));
  draft.signed_at_ms = kNowMs + 14 * kMinuteMs;
  ExpectAccepted(Sign(draft));
  draft.signed_at_ms = kNowMs - 15 * kMinuteMs;  // the limit itself still passes
  ExpectAccepted(Sign(draft));
}

TEST(RequestAuthenticatorTest, SixteenMinutesOldIsExpired) {
  Draft draft = GetWaba();
  draft.signed_at_ms = kNowMs - 16 * kMinuteMs;
  auto error = Check(Sign(draft));
  ExpectError(error, ErrorCode::kRequestExpired, 400, "RequestExpired");
  EXPECT_EQ(MessageOf(error),
            "Signature expired: 20260115T094400Z is now earlier than 20260115T094500Z "
            "(20260115T100000Z - 15 min.)");
}

TEST(RequestAuthenticatorTest, SixteenMinutesAheadIsNotYetCurrent) {
  Draft draft = GetWaba();
  draft.signed_at_ms = kNowMs + 16 * kMinuteMs;
  auto error = Check(Sign(draft));
  ExpectError(error, ErrorCode::kRequestExpired, 400, "RequestExpired");
  EXPECT_EQ(MessageOf(error),
            "Signature not yet current: 20260115T101600Z is still later than 20260115T101500Z "
            "(20260115T100000Z + 15 min.)");
}

TEST(RequestAuthenticatorTest, ExpiryIsReportedBeforeAnUnknownKey) {
  Draft draft = GetWaba();
  draft.access_key = "AKIDUNKNOWN";
  draft.signed_at_ms = kNowMs - 20 * kMinuteMs;
  EXPECT_EQ(CodeOf(Check(Sign(draft))), ErrorCode::kRequestExpired);
}

// --- Presigned query ---------------------------------------------------------------------------

HttpRequest Presign(const std::string& amz_date, const std::string& expires) {
  objectstore::SigningRequest signing;
  signing.method = "GET";
  signing.path = "/v1/whatsapp/waba/list";
  signing.query = {{"maxResults", "5"},
                   {"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
                   {"X-Amz-Credential", "AKIDTEST/" + amz_date.substr(0, 8) +
                                            "/us-east-1/social-messaging/aws4_request"},
                   {"X-Amz-Date", amz_date},
                   {"X-Amz-Expires", expires},
                   {"X-Amz-SignedHeaders", "host"}};
  signing.headers = {{"host", "localhost:4576"}};
  signing.payload_sha256_hex = objectstore::HexSha256("");
  std::string signature = objectstore::Signature(
      signing, {"AKIDTEST", "secretkey123", "us-east-1", "social-messaging"}, amz_date);
  signing.query.emplace_back("X-Amz-Signature", signature);
  HttpRequest request;
  request.method = "GET";
  request.target = signing.path + EncodedQuery(signing.query);
  request.headers = signing.headers;
  return request;
}

TEST(RequestAuthenticatorTest, AcceptsPresignedQuery) {
  ExpectAccepted(Presign(AmzDate(kNowMs - 50 * kMinuteMs), "3600"));
}

TEST(RequestAuthenticatorTest, PresignedQueryExpiresAfterXAmzExpires) {
  auto error = Check(Presign(AmzDate(kNowMs - 61 * kMinuteMs), "3600"));
  ExpectError(error, ErrorCode::kRequestExpired, 400, "RequestExpired");
  EXPECT_EQ(MessageOf(error),
            "Signature expired: 20260115T085900Z is now earlier than 20260115T090000Z "
            "(20260115T100000Z - 3600 sec.)");
}

TEST(RequestAuthenticatorTest, PresignedQueryTamperedOrIncomplete) {
  HttpRequest request = Presign(AmzDate(kNowMs), "900");
  request.target.replace(request.target.find("maxResults=5"), 12, "maxResults=6");
  ExpectMismatch(Check(request));

  request = Presign(AmzDate(kNowMs), "900");
  request.target.erase(request.target.find("&X-Amz-SignedHeaders=host"), 25);
  ExpectIncomplete(Check(request),
                   "AWS query-string parameters must include 'X-Amz-Algorithm', "
                   "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'. "
                   "Re-examine the query-string parameters.");

  request = Presign(AmzDate(kNowMs), "900");
  request.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=x");
  EXPECT_EQ(CodeOf(Check(request)), ErrorCode::kIncompleteSignature);
}

// --- ParseCredentials ----------------------------------------------------------------------------

using CredentialMap = std::map<std::string, std::string>;

TEST(ParseCredentialsTest, CommaSeparatedList) {
  auto parsed = ParseCredentials("AKIDTEST:secretkey123,111122223333:othersecret");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed,
            (CredentialMap{{"AKIDTEST", "secretkey123"}, {"111122223333", "othersecret"}}));
}

TEST(ParseCredentialsTest, TrimsAndKeepsColonsInTheSecret) {
  auto parsed = ParseCredentials(" AK : se:cr/et+ , B:c");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, (CredentialMap{{"AK", "se:cr/et+"}, {"B", "c"}}));
}

TEST(ParseCredentialsTest, EmptyTextIsNoCredentials) {
  auto parsed = ParseCredentials("");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->empty());
}

TEST(ParseCredentialsTest, MalformedEntriesAreInvalidParameters) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"AKIDTEST", "--credentials: entry 1 is not AKID:SECRET"},
      {"A:b,,C:d", "--credentials: entry 2 is not AKID:SECRET"},
      {"A:b,", "--credentials: entry 2 is not AKID:SECRET"},
      {":secret", "--credentials: entry 1 needs both an access key id and a secret key"},
      {"A:b,C:", "--credentials: entry 2 needs both an access key id and a secret key"},
      {"A/B:c", "--credentials: entry 1 has an access key id with '/' or white space: 'A/B'"},
      {"A:b,A:c", "--credentials: access key id 'A' is listed twice with different secrets"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseCredentials(c.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidParameters);
    EXPECT_EQ(parsed.error().message, c.message);
  }
  EXPECT_TRUE(ParseCredentials("A:b,A:b").ok());
}

class CredentialsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "socialite_credentials_" + std::to_string(getpid()) + ".txt";
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void Write(const std::string& text) { std::ofstream(path_) << text; }
  std::string path_;
};

TEST_F(CredentialsFileTest, OneEntryPerLineWithCommentsAndBlankLines) {
  Write("# local test keys\n\nAKIDTEST:secretkey123\n  111122223333:othersecret  \r\n# end\n");
  auto parsed = ParseCredentials("@" + path_);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed,
            (CredentialMap{{"AKIDTEST", "secretkey123"}, {"111122223333", "othersecret"}}));
}

TEST_F(CredentialsFileTest, BadLineNamesFileAndLine) {
  Write("# keys\nAKIDTEST:secretkey123\nbroken\n");
  auto parsed = ParseCredentials("@" + path_);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidParameters);
  EXPECT_EQ(parsed.error().message, "--credentials: " + path_ + " line 3 is not AKID:SECRET");
}

TEST_F(CredentialsFileTest, MissingFile) {
  auto parsed = ParseCredentials("@" + path_ + ".absent");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidParameters);
  EXPECT_EQ(parsed.error().message, "--credentials: cannot read file '" + path_ + ".absent'");
}

}  // namespace
}  // namespace socialite::auth
