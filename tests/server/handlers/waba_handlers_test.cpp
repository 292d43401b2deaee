// Linked WABAs through the dispatcher: get, list with paging, phone details, event
// destinations, disassociate.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/handlers/page_token.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kBakeryToken;
using testing::kDemoStoreToken;
using testing::kFixtureNumber2Id;
using testing::kFixtureNumberArn;
using testing::kFixtureNumberId;
using testing::kFixtureWabaArn;
using testing::kFixtureWabaId;
using testing::kTravelToken;
using testing::Reply;
using testing::TestEnv;

constexpr char kDetails[] = "/v1/whatsapp/waba/details?id=";
constexpr char kList[] = "/v1/whatsapp/waba/list";
constexpr char kPhone[] = "/v1/whatsapp/waba/phone/details?id=";
constexpr char kDestinations[] = "/v1/whatsapp/waba/eventdestinations";
constexpr char kDisassociate[] = "/v1/whatsapp/waba/disassociate?id=";

void ExpectError(const Reply& reply, int status, const std::string& type,
                 const std::string& message) {
  EXPECT_EQ(reply.status(), status) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), type);
  EXPECT_EQ(reply.Message(), message);
}

std::vector<std::string> ListedIds(const Reply& reply) {
  std::vector<std::string> ids;
  const Value* accounts = reply.json.Get("linkedAccounts");
  if (accounts == nullptr) return ids;
  for (const auto& a : accounts->AsList()) ids.push_back(a.GetString("id").value_or("?"));
  return ids;
}

const std::string kFixtureNumberJson =
    R"({"arn":"arn:aws:social-messaging:us-east-1:000000000000:phone-number-id/)"
    R"(7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11","phoneNumber":"+14255550123","phoneNumberId":)"
    R"("phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11","metaPhoneNumberId":"110382746591034",)"
    R"("displayPhoneNumberName":"Demo Store","displayPhoneNumber":"+1 425-555-0123",)"
    R"("qualityRating":"GREEN"})";

class WabaTest : public ::testing::Test {
 protected:
  TestEnv env_;
};

TEST_F(WabaTest, GetFixtureWabaExactBody) {
  Reply reply = env_.Get(kDetails + std::string(kFixtureWabaId));
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
  EXPECT_EQ(reply.http.body,
            R"({"account":{"arn":"arn:aws:social-messaging:us-east-1:000000000000:waba/)"
            R"(5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01","id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01",)"
            R"("wabaId":"104729384756102","registrationStatus":"COMPLETE","linkDate":1767225600,)"
            R"("wabaName":"Socialite Demo Store","eventDestinations":[],"phoneNumbers":[)" +
                kFixtureNumberJson +
                R"(,{"arn":"arn:aws:social-messaging:us-east-1:000000000000:phone-number-id/)"
                R"(7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e12","phoneNumber":"+14255550124","phoneNumberId":)"
                R"("phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e12","metaPhoneNumberId":)"
                R"("110382746591035","displayPhoneNumberName":"Demo Store Support",)"
                R"("displayPhoneNumber":"+1 425-555-0124","qualityRating":"GREEN"}],)"
                R"("enableReceiving":true,"enableSending":true}})");
}

TEST_F(WabaTest, GetByArnEqualsGetById) {
  Reply by_id = env_.Get(kDetails + std::string(kFixtureWabaId));
  Reply by_arn = env_.Get(kDetails + std::string(kFixtureWabaArn));
  ASSERT_EQ(by_arn.status(), 200);
  EXPECT_EQ(by_arn.http.body, by_id.http.body);
}

TEST_F(WabaTest, GetByPercentEncodedArn) {
  Reply reply = env_.Get(
      kDetails + std::string("arn%3Aaws%3Asocial-messaging%3Aus-east-1%3A000000000000%3Awaba%2F"
                             "5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.Get("account")->GetString("id"), kFixtureWabaId);
}

TEST_F(WabaTest, GetUnknownWabaIsResourceNotFound) {
  const std::string id = "waba-00000000000000000000000000000bad";
  ExpectError(env_.Get(kDetails + id), 404, "ResourceNotFoundException",
              "No linked WhatsApp Business Account '" + id + "' in this account and region");
}

TEST_F(WabaTest, GetWithoutIdIsValidationException) {
  ExpectError(env_.Get("/v1/whatsapp/waba/details"), 400, "ValidationException",
              "1 validation error detected: Value null at 'id' failed to satisfy constraint: "
              "Member must not be null");
}

// An ARN names its region and account; another partition's ARN must not reach this one's WABA.
TEST_F(WabaTest, ArnOfAnotherRegionDoesNotFindTheWaba) {
  Reply reply = env_.Get(kDetails + std::string("arn:aws:social-messaging:eu-west-1:000000000000:"
                                                "waba/5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"));
  EXPECT_EQ(reply.status(), 404) << reply.http.body;
}

TEST_F(WabaTest, ListWithoutMaxResultsReturnsEverythingWithoutToken) {
  std::string bakery = env_.LinkWaba(kBakeryToken);
  std::string travel = env_.LinkWaba(kTravelToken);
  Reply reply = env_.Get(kList);
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(ListedIds(reply), (std::vector<std::string>{kFixtureWabaId, bakery, travel}));
  EXPECT_EQ(reply.json.Get("nextToken"), nullptr);
}

TEST_F(WabaTest, ListSummaryHasNoPhoneNumbers) {
  Reply reply = env_.Get(kList);
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.http.body,
            R"({"linkedAccounts":[{"arn":"arn:aws:social-messaging:us-east-1:000000000000:waba/)"
            R"(5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01","id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01",)"
            R"("wabaId":"104729384756102","registrationStatus":"COMPLETE","linkDate":1767225600,)"
            R"("wabaName":"Socialite Demo Store","eventDestinations":[],"enableReceiving":true,)"
            R"("enableSending":true}]})");
}

TEST_F(WabaTest, ListPagesOneAtATimeThroughThreeWabas) {
  std::string bakery = env_.LinkWaba(kBakeryToken);
  std::string travel = env_.LinkWaba(kTravelToken);
  std::vector<std::string> seen;
  std::string target = std::string(kList) + "?maxResults=1";
  int pages = 0;
  while (true) {
    Reply page = env_.Get(target);
    ASSERT_EQ(page.status(), 200) << page.http.body;
    ASSERT_EQ(ListedIds(page).size(), 1u);
    seen.push_back(ListedIds(page)[0]);
    ++pages;
    auto token = page.json.GetString("nextToken");
    if (!token) break;
    ASSERT_LT(pages, 3) << "a third page must not offer a next token";
    target = std::string(kList) + "?maxResults=1&nextToken=" + *token;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{kFixtureWabaId, bakery, travel}));
}

TEST_F(WabaTest, ListDefaultPageSizeIsTwenty) {
  for (int i = 0; i < 20; ++i) ASSERT_FALSE(env_.LinkWaba("EAApage" + std::to_string(i)).empty());
  Reply first = env_.Get(kList);
  ASSERT_EQ(first.status(), 200);
  EXPECT_EQ(ListedIds(first).size(), 20u);
  ASSERT_TRUE(first.json.GetString("nextToken").has_value());
  Reply second = env_.Get(std::string(kList) + "?nextToken=" + *first.json.GetString("nextToken"));
  EXPECT_EQ(ListedIds(second).size(), 1u);
  EXPECT_EQ(second.json.Get("nextToken"), nullptr);
}

TEST_F(WabaTest, ListExactPageSizeHasNoNextToken) {
  env_.LinkWaba(kBakeryToken);
  Reply page = env_.Get(std::string(kList) + "?maxResults=2");
  ASSERT_EQ(page.status(), 200);
  EXPECT_EQ(ListedIds(page).size(), 2u);
  EXPECT_EQ(page.json.Get("nextToken"), nullptr);
}

TEST_F(WabaTest, ListTokenSurvivesAWabaBeingAddedAfterIt) {
  std::string bakery = env_.LinkWaba(kBakeryToken);
  Reply first = env_.Get(std::string(kList) + "?maxResults=1");
  ASSERT_TRUE(first.json.GetString("nextToken").has_value());
  std::string travel = env_.LinkWaba(kTravelToken);
  Reply rest = env_.Get(std::string(kList) + "?nextToken=" + *first.json.GetString("nextToken"));
  EXPECT_EQ(ListedIds(rest), (std::vector<std::string>{bakery, travel}));
}

TEST_F(WabaTest, ForgedNextTokenIsInvalidParameters) {
  const std::string message = "The nextToken is not valid for this list";
  ExpectError(env_.Get(std::string(kList) + "?nextToken=bm90LWEtdG9rZW4="), 400,
              "InvalidParametersException", message);
  // A well-formed token for another list, and one with a tampered position.
  ExpectError(env_.Get(std::string(kList) + "?nextToken=" + MakePageToken("templates", 1)), 400,
              "InvalidParametersException", message);
  std::string decoded = *Base64Decode(MakePageToken("linked-accounts", 1));
  ASSERT_EQ(decoded.rfind("linked-accounts:1:", 0), 0u);
  decoded[16] = '2';  // same checksum, another position
  std::string tampered = Base64Encode(decoded);
  ExpectError(env_.Get(std::string(kList) + "?nextToken=" + tampered), 400,
              "InvalidParametersException", message);
}

TEST_F(WabaTest, MaxResultsOutOfRangeIsValidationException) {
  ExpectError(env_.Get(std::string(kList) + "?maxResults=0"), 400, "ValidationException",
              "1 validation error detected: Value '0' at 'maxResults' failed to satisfy "
              "constraint: Member must have value greater than or equal to 1");
  ExpectError(env_.Get(std::string(kList) + "?maxResults=101"), 400, "ValidationException",
              "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
              "constraint: Member must have value less than or equal to 100");
}

TEST_F(WabaTest, MaxResultsThatIsNotANumberIsSerializationException) {
  ExpectError(env_.Get(std::string(kList) + "?maxResults=ten"), 400, "SerializationException",
              "Expected an integer for 'maxResults'");
}

TEST_F(WabaTest, PhoneNumberDetailsById) {
  Reply reply = env_.Get(kPhone + std::string(kFixtureNumberId));
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.http.body, R"({"phoneNumber":)" + kFixtureNumberJson +
                                 R"(,"linkedWhatsAppBusinessAccountId":")" + kFixtureWabaId +
                                 R"("})");
}

TEST_F(WabaTest, PhoneNumberDetailsByArn) {
  Reply by_arn = env_.Get(kPhone + std::string(kFixtureNumberArn));
  ASSERT_EQ(by_arn.status(), 200) << by_arn.http.body;
  EXPECT_EQ(by_arn.http.body, env_.Get(kPhone + std::string(kFixtureNumberId)).http.body);
}

TEST_F(WabaTest, UnknownPhoneNumberIsResourceNotFound) {
  const std::string id = "phone-number-id-0000000000000000000000000000dead";
  ExpectError(env_.Get(kPhone + id), 404, "ResourceNotFoundException",
              "No linked phone number '" + id + "' in this account and region");
}

TEST_F(WabaTest, PhoneNumberIdWithWrongPrefixIsValidationException) {
  Reply reply = env_.Get(kPhone + std::string(kFixtureWabaId));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "ValidationException");
}

TEST_F(WabaTest, PutEventDestinationsIsVisibleInGet) {
  Reply put = env_.Put(
      kDestinations,
      R"({"id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01","eventDestinations":[{"eventDestinationArn":)"
      R"("arn:aws:sns:us-east-1:000000000000:events","roleArn":"arn:aws:iam::000000000000:role/)"
      R"(sns-writer"}]})");
  ASSERT_EQ(put.status(), 200) << put.http.body;
  EXPECT_EQ(put.http.body, "{}");
  Reply got = env_.Get(kDetails + std::string(kFixtureWabaId));
  EXPECT_EQ(WriteJson(*got.json.Get("account")->Get("eventDestinations")),
            R"([{"eventDestinationArn":"arn:aws:sns:us-east-1:000000000000:events",)"
            R"("roleArn":"arn:aws:iam::000000000000:role/sns-writer"}])");
}

TEST_F(WabaTest, PutEmptyEventDestinationsClearsThem) {
  ASSERT_EQ(env_.Put(kDestinations,
                     R"({"id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01","eventDestinations":[)"
                     R"({"eventDestinationArn":"arn:aws:sns:us-east-1:000000000000:events"}]})")
                .status(),
            200);
  ASSERT_EQ(env_.Put(kDestinations,
                     std::string(R"({"id":")") + kFixtureWabaArn + R"(","eventDestinations":[]})")
                .status(),
            200);
  Reply got = env_.Get(kDetails + std::string(kFixtureWabaId));
  EXPECT_EQ(WriteJson(*got.json.Get("account")->Get("eventDestinations")), "[]");
}

TEST_F(WabaTest, PutEventDestinationsOfUnknownWabaIsInvalidParameters) {
  ExpectError(env_.Put(kDestinations,
                       R"({"id":"waba-00000000000000000000000000000bad","eventDestinations":[]})"),
              400, "InvalidParametersException",
              "No linked WhatsApp Business Account 'waba-00000000000000000000000000000bad' in "
              "this account and region");
}

TEST_F(WabaTest, PutTwoEventDestinationsIsValidationException) {
  Reply reply = env_.Put(kDestinations,
                         R"({"id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01","eventDestinations":[)"
                         R"({"eventDestinationArn":"arn:aws:sns:us-east-1:0:a"},)"
                         R"({"eventDestinationArn":"arn:aws:sns:us-east-1:0:b"}]})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "ValidationException");
  EXPECT_EQ(reply.Message(),
            "1 validation error detected: Value '[{eventDestinationArn=arn:aws:sns:us-east-1:0:a}, "
            "{eventDestinationArn=arn:aws:sns:us-east-1:0:b}]' at 'eventDestinations' failed to "
            "satisfy constraint: Member must have length less than or equal to 1");
}

TEST_F(WabaTest, DisassociateRemovesTheWabaAndItsNumbers) {
  Reply done = env_.Delete(kDisassociate + std::string(kFixtureWabaId));
  ASSERT_EQ(done.status(), 200) << done.http.body;
  EXPECT_EQ(done.http.body, "{}");
  EXPECT_EQ(env_.Get(kDetails + std::string(kFixtureWabaId)).status(), 404);
  EXPECT_EQ(env_.Get(kPhone + std::string(kFixtureNumberId)).status(), 404);
  EXPECT_EQ(env_.Get(kPhone + std::string(kFixtureNumber2Id)).status(), 404);
  EXPECT_EQ(env_.Get(std::string("/v1/tags/list?resourceArn=") + kFixtureWabaArn).ErrorType(),
            "InvalidParametersException");
  EXPECT_EQ(env_.Get(kList).http.body, R"({"linkedAccounts":[]})");
}

TEST_F(WabaTest, DisassociateTwiceIsResourceNotFound) {
  ASSERT_EQ(env_.Delete(kDisassociate + std::string(kFixtureWabaArn)).status(), 200);
  ExpectError(env_.Delete(kDisassociate + std::string(kFixtureWabaId)), 404,
              "ResourceNotFoundException",
              "No linked WhatsApp Business Account '" + std::string(kFixtureWabaId) +
                  "' in this account and region");
}

TEST_F(WabaTest, SignupAgainAfterDisassociateLinksANewWaba) {
  ASSERT_EQ(env_.Delete(kDisassociate + std::string(kFixtureWabaId)).status(), 200);
  testing::SignupOffer offer = env_.StartSignup(kDemoStoreToken);
  EXPECT_EQ(offer.meta_number_ids,
            (std::vector<std::string>{"110382746591034", "110382746591035"}));
  EXPECT_NE(offer.waba_id, kFixtureWabaId);
  Reply done = env_.FinishSignup(offer.token, offer.number_ids);
  ASSERT_EQ(done.status(), 200) << done.http.body;
  Reply got = env_.Get(kDetails + offer.waba_id);
  ASSERT_EQ(got.status(), 200);
  EXPECT_EQ(got.json.Get("account")->GetString("wabaId"), testing::kFixtureMetaWabaId);
  EXPECT_EQ(got.json.Get("account")->Get("phoneNumbers")->AsList().size(), 2u);
}

}  // namespace
}  // namespace socialite
