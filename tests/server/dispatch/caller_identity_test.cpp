#include "server/dispatch/caller_identity.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "server/auth/request_authenticator.h"
#include "server/objectstore/sigv4.h"

namespace socialite {
namespace {

constexpr int64_t kNowMs = 1796558400000;  // 2026-12-06T12:00:00Z
constexpr char kInjected[] =
    "X=Credential=000000000000/20261206/us-east-1/social-messaging/aws4_request, ";

Options Defaults() {
  Options options;
  options.account = "000000000000";
  options.region = "us-east-1";
  return options;
}

std::string Describe(const Result<storage::Partition>& caller) {
  if (!caller.ok()) return "refused: " + caller.error().message;
  return caller->account + "/" + caller->region;
}

// Without --auth verify: the partition the request claims.
std::string PartitionOfRequest(const std::string& authorization, const std::string& target) {
  HttpRequest request;
  request.method = "GET";
  request.target = target;
  if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
  return Describe(ResolveCaller(request, Defaults(), nullptr, kNowMs));
}

std::string PartitionOf(const std::string& authorization) {
  return PartitionOfRequest(authorization, "/v1/whatsapp/waba/list");
}

TEST(CallerIdentityTest, UnsignedRequestUsesTheDefaults) {
  EXPECT_EQ(PartitionOf(""), "000000000000/us-east-1");
}

TEST(CallerIdentityTest, TwelveDigitAccessKeyIsTheAccountAndScopeGivesTheRegion) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/"
                        "social-messaging/aws4_request, SignedHeaders=host, Signature=abc"),
            "111122223333/eu-west-1");
}

TEST(CallerIdentityTest, OtherAccessKeysKeepTheDefaultAccount) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/ap-south-1/"
                        "social-messaging/aws4_request, SignedHeaders=host, Signature=abc"),
            "000000000000/ap-south-1");
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=11112222333/20261122/ap-south-1/"
                        "social-messaging/aws4_request"),
            "000000000000/ap-south-1");
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=11112222333a/20261122/ap-south-1/"
                        "social-messaging/aws4_request"),
            "000000000000/ap-south-1");
}

TEST(CallerIdentityTest, CredentialAtTheEndWithoutSeparators) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/"
                        "social-messaging/aws4_request"),
            "111122223333/eu-west-1");
}

TEST(CallerIdentityTest, MalformedScopeFallsBackToTheDefaults) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1, "
                        "Signature=abc"),
            "000000000000/us-east-1");
  EXPECT_EQ(PartitionOf("Bearer token"), "000000000000/us-east-1");
}

TEST(CallerIdentityTest, EmptyRegionKeepsTheDefaultRegion) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122//social-messaging/"
                        "aws4_request"),
            "111122223333/us-east-1");
}

// The Credential parameter counts, not "Credential=" text inside another parameter.
TEST(CallerIdentityTest, CredentialTextInsideAnotherParameterIsIgnored) {
  EXPECT_EQ(PartitionOf(std::string("AWS4-HMAC-SHA256 ") + kInjected +
                        "Credential=111122223333/20261206/eu-west-1/social-messaging/"
                        "aws4_request, SignedHeaders=host, Signature=abc"),
            "111122223333/eu-west-1");
}

TEST(CallerIdentityTest, PresignedQueryCredentialGivesThePartition) {
  EXPECT_EQ(PartitionOfRequest("",
                               "/v1/whatsapp/waba/list?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
                               "X-Amz-Credential=111122223333%2F20261122%2Feu-west-1%2F"
                               "social-messaging%2Faws4_request&X-Amz-Signature=abc"),
            "111122223333/eu-west-1");
  EXPECT_EQ(PartitionOfRequest("",
                               "/v1/whatsapp/waba/list?X-Amz-Credential=AKIDEXAMPLE%2F"
                               "20261122%2Fap-south-1%2Fsocial-messaging%2Faws4_request"),
            "000000000000/ap-south-1");
  // Parameter names are percent-decoded, as the verifier decodes them.
  EXPECT_EQ(PartitionOfRequest("",
                               "/v1/whatsapp/waba/list?X-Amz-%43redential=111122223333%2F"
                               "20261122%2Feu-west-1%2Fsocial-messaging%2Faws4_request"),
            "111122223333/eu-west-1");
}

TEST(CallerIdentityTest, HeaderWinsOverQueryAndBadQueriesKeepTheDefaults) {
  EXPECT_EQ(PartitionOfRequest("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/"
                               "social-messaging/aws4_request",
                               "/x?X-Amz-Credential=222233334444%2F20261122%2Fus-west-2%2Fs%2F"
                               "aws4_request"),
            "111122223333/eu-west-1");
  EXPECT_EQ(PartitionOfRequest("", "/v1/whatsapp/waba/list"), "000000000000/us-east-1");
  EXPECT_EQ(PartitionOfRequest("", "/x?X-Amz-Credential=%zz"), "000000000000/us-east-1");
  EXPECT_EQ(PartitionOfRequest("",
                               "/x?a=1&X-Amz-Credential=111122223333%2F20261122%2F%FF%2Fs%2F"
                               "aws4_request"),
            "111122223333/us-east-1");
  EXPECT_EQ(PartitionOfRequest("", "/x?X-Amz-Credential"), "000000000000/us-east-1");
}

TEST(CallerIdentityTest, ConfiguredDefaultsAreUsed) {
  Options options;
  options.account = "123456789012";
  options.region = "eu-central-1";
  HttpRequest request;
  request.target = "/v1/whatsapp/waba/list";
  Result<storage::Partition> caller = ResolveCaller(request, options, nullptr, kNowMs);
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->account, "123456789012");
  EXPECT_EQ(caller->region, "eu-central-1");
}

// --- Under --auth verify --------------------------------------------------------------------

const objectstore::SigningKey kSigner{"111122223333", "othersecret", "eu-west-1",
                                      "social-messaging"};

auth::RequestAuthenticator Verifier() {
  return auth::RequestAuthenticator(
      {{"AKIDTEST", "secretkey123"}, {"111122223333", "othersecret"}});
}

std::string AmzDate() {
  return objectstore::FormatAmzDate(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(kNowMs)));
}

// A GET of ListLinkedWhatsAppBusinessAccounts signed by kSigner in its Authorization header.
HttpRequest SignedRequest() {
  objectstore::SigningRequest signing;
  signing.method = "GET";
  signing.path = "/v1/whatsapp/waba/list";
  signing.headers = {{"host", "localhost:4576"}, {"x-amz-date", AmzDate()}};
  signing.payload_sha256_hex = objectstore::HexSha256("");
  HttpRequest request;
  request.method = "GET";
  request.target = signing.path;
  request.headers = signing.headers;
  request.headers.emplace_back("Authorization",
                               objectstore::AuthorizationHeader(signing, kSigner, AmzDate()));
  return request;
}

// The same request presigned by kSigner, its query as `encode_name` writes parameter names.
HttpRequest PresignedRequest(const std::string& credential_name_on_the_wire) {
  const std::string amz_date = AmzDate();
  objectstore::SigningRequest signing;
  signing.method = "GET";
  signing.path = "/v1/whatsapp/waba/list";
  signing.query = {{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
                   {"X-Amz-Credential", "111122223333/" + amz_date.substr(0, 8) +
                                            "/eu-west-1/social-messaging/aws4_request"},
                   {"X-Amz-Date", amz_date},
                   {"X-Amz-Expires", "300"},
                   {"X-Amz-SignedHeaders", "host"}};
  signing.headers = {{"host", "localhost:4576"}};
  signing.payload_sha256_hex = objectstore::HexSha256("");
  signing.query.emplace_back("X-Amz-Signature", objectstore::Signature(signing, kSigner, amz_date));
  HttpRequest request;
  request.method = "GET";
  request.target = signing.path;
  for (const auto& [name, value] : signing.query) {
    request.target += request.target.find('?') == std::string::npos ? "?" : "&";
    request.target += (name == "X-Amz-Credential" ? credential_name_on_the_wire : name) + "=" +
                      objectstore::UriEncode(value, true);
  }
  request.headers = signing.headers;
  return request;
}

std::string VerifiedPartitionOf(const HttpRequest& request) {
  auth::RequestAuthenticator verifier = Verifier();
  return Describe(ResolveCaller(request, Defaults(), &verifier, kNowMs));
}

TEST(CallerIdentityVerifiedTest, TheVerifiedCredentialGivesThePartition) {
  EXPECT_EQ(VerifiedPartitionOf(SignedRequest()), "111122223333/eu-west-1");
}

// Issue 9, defect 1: injected "Credential=" text must not move a verified call elsewhere.
TEST(CallerIdentityVerifiedTest, InjectedCredentialTextDoesNotMoveTheCall) {
  HttpRequest request = SignedRequest();
  for (auto& [name, value] : request.headers) {
    if (name == "Authorization") value.insert(value.find(' ') + 1, kInjected);
  }
  EXPECT_EQ(VerifiedPartitionOf(request), "111122223333/eu-west-1");
}

TEST(CallerIdentityVerifiedTest, PresignedCredentialWithAnEscapedNameGivesThePartition) {
  EXPECT_EQ(VerifiedPartitionOf(PresignedRequest("X-Amz-Credential")), "111122223333/eu-west-1");
  EXPECT_EQ(VerifiedPartitionOf(PresignedRequest("X-Amz-%43redential")), "111122223333/eu-west-1");
  // Without verification the same request reads the same credential.
  EXPECT_EQ(
      Describe(ResolveCaller(PresignedRequest("X-Amz-%43redential"), Defaults(), nullptr, kNowMs)),
      "111122223333/eu-west-1");
}

TEST(CallerIdentityVerifiedTest, AnUnverifiedRequestIsRefused) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/v1/whatsapp/waba/list";
  EXPECT_EQ(VerifiedPartitionOf(request), "refused: Missing Authentication Token");
  request = SignedRequest();
  for (auto& [name, value] : request.headers) {
    if (name == "Authorization") value.back() = value.back() == '0' ? '1' : '0';
  }
  EXPECT_TRUE(VerifiedPartitionOf(request).starts_with("refused: The request signature"));
}

}  // namespace
}  // namespace socialite
