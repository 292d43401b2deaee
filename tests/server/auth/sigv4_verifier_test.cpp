#include "server/auth/sigv4_verifier.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

// Expected signatures are AWS's published "Signature Version 4 test suite" values (as shipped
// in awslabs/aws-c-auth tests/aws-signing-test-suite/v4, header-signature.txt of the
// "-normalized" cases), not output of this code: service "service", region us-east-1,
// 20150830T123600Z, AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY. Each case hands the
// verifier the suite's request as a server would receive it, with the Authorization header the
// suite publishes, and expects it to be accepted; flipping one hex digit must then fail.

namespace socialite::auth {
namespace {

constexpr int64_t kSuiteNowMs = 1440938160000;  // 2015-08-30T12:36:00Z
constexpr char kSuiteDate[] = "20150830T123600Z";

const std::map<std::string, std::string>& SuiteCredentials() {
  static const auto* credentials = new std::map<std::string, std::string>{
      {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}};
  return *credentials;
}

HttpRequest SuiteRequest(const std::string& method, const std::string& target,
                         const std::string& signed_headers, const std::string& signature) {
  HttpRequest request;
  request.method = method;
  request.target = target;
  request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", kSuiteDate}};
  request.headers.emplace_back(
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=" +
          signed_headers + ", Signature=" + signature);
  return request;
}

HttpRequest SuiteGet(const std::string& target, const std::string& signature) {
  return SuiteRequest("GET", target, "host;x-amz-date", signature);
}

// The refusal, or nullopt when the request verifies.
std::optional<ApiError> Verify(const HttpRequest& request) {
  Result<CredentialScope> verified =
      VerifySigV4(request, kSuiteNowMs, "service", SuiteCredentials());
  if (verified.ok()) return std::nullopt;
  return verified.error();
}

// Accepted as published, and refused once the signature's last hex digit changes.
void ExpectAcceptedOnlyAsPublished(HttpRequest request) {
  auto error = Verify(request);
  EXPECT_FALSE(error.has_value()) << error->message;
  for (auto& [name, value] : request.headers) {
    if (name == "Authorization") value.back() = value.back() == '0' ? '1' : '0';
  }
  error = Verify(request);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, ErrorCode::kInvalidSignature);
}

TEST(SigV4SuiteVerifyTest, GetVanilla) {
  ExpectAcceptedOnlyAsPublished(
      SuiteGet("/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

TEST(SigV4SuiteVerifyTest, GetVanillaQueryOrderKeyCase) {
  ExpectAcceptedOnlyAsPublished(
      SuiteGet("/?Param2=value2&Param1=value1",
               "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
}

TEST(SigV4SuiteVerifyTest, GetVanillaUtf8Query) {
  ExpectAcceptedOnlyAsPublished(SuiteGet(
      "/?%E1%88%B4=bar", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"));
}

TEST(SigV4SuiteVerifyTest, PostXWwwFormUrlencoded) {
  HttpRequest request =
      SuiteRequest("POST", "/", "content-type;host;x-amz-date",
                   "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.body = "Param1=value1";
  ExpectAcceptedOnlyAsPublished(request);
}

TEST(SigV4SuiteVerifyTest, GetHeaderValueTrim) {
  HttpRequest request =
      SuiteRequest("GET", "/", "host;my-header1;my-header2;x-amz-date",
                   "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
  request.headers.emplace_back("My-Header1", " value1");
  request.headers.emplace_back("My-Header2", " \"a   b   c\"");
  ExpectAcceptedOnlyAsPublished(request);
}

TEST(SigV4SuiteVerifyTest, GetHeaderValueMultiline) {
  HttpRequest request =
      SuiteRequest("GET", "/", "host;my-header1;x-amz-date",
                   "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd");
  request.headers.emplace_back("My-Header1", "value1\n  value2\n     value3");
  ExpectAcceptedOnlyAsPublished(request);
}

TEST(SigV4SuiteVerifyTest, GetHeaderKeyDuplicate) {
  HttpRequest request =
      SuiteRequest("GET", "/", "host;my-header1;x-amz-date",
                   "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
  request.headers.emplace_back("My-Header1", "value2");
  request.headers.emplace_back("My-Header1", "value2");
  request.headers.emplace_back("My-Header1", "value1");
  ExpectAcceptedOnlyAsPublished(request);
}

TEST(SigV4SuiteVerifyTest, GetHeaderValueOrder) {
  HttpRequest request =
      SuiteRequest("GET", "/", "host;my-header1;x-amz-date",
                   "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01");
  for (const char* value : {"value4", "value1", "value3", "value2"}) {
    request.headers.emplace_back("My-Header1", value);
  }
  ExpectAcceptedOnlyAsPublished(request);
}

TEST(SigV4SuiteVerifyTest, PathNormalization) {
  // "/example/..", "//" and "/./" all sign as "/", like get-vanilla.
  for (const char* target : {"/example/..", "/example1/example2/../..", "//", "/./"}) {
    SCOPED_TRACE(target);
    ExpectAcceptedOnlyAsPublished(
        SuiteGet(target, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
  }
  ExpectAcceptedOnlyAsPublished(
      SuiteGet("//example//", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"));
  ExpectAcceptedOnlyAsPublished(
      SuiteGet("/./example", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"));
}

// The suite's request lines carry these paths unencoded ("GET /example space/"); the canonical
// URI encodes what arrived once more, which gives the suite's "/example%20space/".
TEST(SigV4SuiteVerifyTest, PathEncodedOnceMoreThanReceived) {
  ExpectAcceptedOnlyAsPublished(SuiteGet(
      "/example space/", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"));
  ExpectAcceptedOnlyAsPublished(SuiteGet(
      "/\xE1\x88\xB4", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"));
}

TEST(SigV4SuiteVerifyTest, ServiceInTheScopeMustBeTheVerifiersService) {
  HttpRequest request =
      SuiteGet("/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  auto verified = VerifySigV4(request, kSuiteNowMs, "social-messaging", SuiteCredentials());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(verified.error().message,
            "Credential should be scoped to correct service: 'social-messaging'.");
}

TEST(CanonicalUriTest, EncodesEachSegmentOfTheReceivedPath) {
  EXPECT_EQ(CanonicalUri("/v1/whatsapp/waba/details"), "/v1/whatsapp/waba/details");
  // An escape the client sent is itself escaped: the SDKs sign "%253A" for a wire "%3A".
  EXPECT_EQ(CanonicalUri("/v1/a%3Ab/c%2Fd"), "/v1/a%253Ab/c%252Fd");
  EXPECT_EQ(CanonicalUri("/a b/"), "/a%20b/");
  EXPECT_EQ(CanonicalUri("/-._~"), "/-._~");
  EXPECT_EQ(CanonicalUri(""), "/");
  EXPECT_EQ(CanonicalUri("/"), "/");
  EXPECT_EQ(CanonicalUri("/a/./b/../c/"), "/a/c/");
  EXPECT_EQ(CanonicalUri("/../.."), "/");
}

}  // namespace
}  // namespace socialite::auth
