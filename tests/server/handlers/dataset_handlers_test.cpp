// Conversion datasets through the dispatcher: one dataset per WABA, shown on the account;
// conversion events checked as Meta's Conversions API checks them, and kept when accepted.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "server/core/json.h"
#include "storage/dataset_store.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kFixtureMetaWabaId;
using testing::kFixtureWabaArn;
using testing::kFixtureWabaId;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;

constexpr char kCreate[] = "/v1/whatsapp/waba/dataset";
constexpr char kEvents[] = "/v1/whatsapp/waba/dataset/events";
const int64_t kNowSeconds = kStartMillis / 1000;

std::string CreateBody(const std::string& id) { return R"({"id":")" + id + R"("})"; }

std::string EventsBody(const std::string& dataset_id, const std::string& event_json,
                       const std::string& id = kFixtureWabaId) {
  return R"({"id":")" + id + R"(","datasetId":")" + dataset_id + R"(","eventData":")" +
         Base64Encode(event_json) + R"("})";
}

std::string Purchase(int64_t time, const std::string& extra = "") {
  return R"({"event_name":"Purchase","event_time":)" + std::to_string(time) +
         R"(,"action_source":"business_messaging","messaging_channel":"whatsapp",)"
         R"("user_data":{"ctwa_clid":"click-1"},"custom_data":{"currency":"EUR","value":9.5})" +
         extra + "}";
}

class DatasetTest : public ::testing::Test {
 protected:
  std::string Create() {
    Reply reply = env_.Post(kCreate, CreateBody(kFixtureWabaId));
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("datasetId").value_or("");
  }
  TestEnv env_;
};

TEST_F(DatasetTest, OneDatasetPerWabaShownOnTheAccount) {
  Reply before = env_.Get(std::string("/v1/whatsapp/waba/details?id=") + kFixtureWabaId);
  EXPECT_EQ(before.json.Get("account")->Get("datasetId"), nullptr);
  std::string id = Create();
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9]{16}"))) << id;
  Reply again = env_.Post(kCreate, CreateBody(kFixtureWabaArn));
  EXPECT_EQ(again.http.body, R"({"datasetId":")" + id + R"("})");
  Reply details = env_.Get(std::string("/v1/whatsapp/waba/details?id=") + kFixtureWabaId);
  EXPECT_EQ(details.json.Get("account")->GetString("datasetId"), id);
  Reply list = env_.Get("/v1/whatsapp/waba/list");
  EXPECT_EQ(list.json.Get("linkedAccounts")->AsList()[0].GetString("datasetId"), id);
}

TEST_F(DatasetTest, UnknownWabaIsNotFound) {
  Reply reply = env_.Post(kCreate, CreateBody("waba-00000000000000000000000000000000"));
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(reply.ErrorType(), "ResourceNotFoundException");
}

TEST_F(DatasetTest, AcceptedEventsAreKeptWithOneRequestId) {
  std::string dataset = Create();
  std::string body = R"({"data":[)" + Purchase(kNowSeconds, R"(,"event_id":"o-1")") + "," +
                     Purchase(kNowSeconds - 60) + "]}";
  Reply reply = env_.Post(kEvents, EventsBody(dataset, body));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string request_id = reply.json.GetString("requestId").value_or("");
  EXPECT_TRUE(std::regex_match(request_id, std::regex("A[A-Za-z0-9_-]{22}"))) << request_id;

  auto rows = storage::DatasetStore(env_.db()).ListEvents(kFixtureWabaId, 0, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 2u);
  const auto& [partition, first] = rows.value()[0];
  EXPECT_EQ(partition.account, "000000000000");
  EXPECT_EQ(first.request_id, request_id);
  EXPECT_EQ(first.dataset_id, dataset);
  EXPECT_EQ(first.event_name, "Purchase");
  EXPECT_EQ(first.event_time, kNowSeconds);
  EXPECT_EQ(first.event_id, "o-1");
  EXPECT_EQ(first.ctwa_clid, "click-1");
  EXPECT_EQ(rows.value()[1].second.event_time, kNowSeconds - 60);
}

TEST_F(DatasetTest, RefusedEventsNameEveryProblemAndKeepNothing) {
  std::string dataset = Create();
  std::string bad = R"({"data":[{"event_name":"Lead","event_time":1,"action_source":"website",)"
                    R"("messaging_channel":"whatsapp","user_data":{}}]})";
  Reply reply = env_.Post(kEvents, EventsBody(dataset, bad));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
  EXPECT_EQ(reply.Message(),
            "Meta rejected the conversion events (code 100): data[0].event_name 'Lead' is not a "
            "business messaging event (Meta error_subcode 2804066, Messaging Event Invalid Event "
            "Type); use Purchase, LeadSubmitted, InitiateCheckout, AddToCart, ViewContent, "
            "OrderCreated, OrderShipped, OrderDelivered, OrderCanceled, OrderReturned, "
            "CartAbandoned, QualifiedLead, RatingProvided or ReviewProvided; data[0].event_time 1 "
            "is more than 7 days in the past; Meta no longer attributes it; "
            "data[0].action_source must be business_messaging; data[0].user_data needs ctwa_clid "
            "(the Click-to-WhatsApp ad click id) or whatsapp_business_account_id");
  Reply not_json = env_.Post(kEvents, EventsBody(dataset, "{"));
  EXPECT_EQ(not_json.ErrorType(), "InvalidParametersException");
  auto rows = storage::DatasetStore(env_.db()).ListEvents("", 0, 10);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows.value().empty());
}

TEST_F(DatasetTest, TheDatasetMustBeTheWabas) {
  Reply none = env_.Post(kEvents, EventsBody("1234567890", Purchase(kNowSeconds)));
  EXPECT_EQ(none.status(), 404);
  EXPECT_EQ(none.Message(), std::string("WhatsApp Business Account ") + kFixtureWabaId +
                                " has no dataset; call CreateWhatsAppDataset first");
  Create();
  Reply other = env_.Post(kEvents, EventsBody("1234567890", Purchase(kNowSeconds)));
  EXPECT_EQ(other.status(), 404);
  EXPECT_EQ(other.Message(),
            std::string("Dataset 1234567890 is not the dataset of ") + kFixtureWabaId);
}

TEST_F(DatasetTest, TheWabaIdInUserDataMustBeThisWaba) {
  std::string dataset = Create();
  std::string own = Purchase(kNowSeconds);
  own.replace(own.find(R"("ctwa_clid":"click-1")"), 21,
              std::string(R"("whatsapp_business_account_id":")") + kFixtureMetaWabaId + "\"");
  EXPECT_EQ(env_.Post(kEvents, EventsBody(dataset, own)).status(), 200);
  std::string other = Purchase(kNowSeconds);
  other.replace(other.find(R"("ctwa_clid":"click-1")"), 21,
                R"("whatsapp_business_account_id":"42")");
  Reply reply = env_.Post(kEvents, EventsBody(dataset, other));
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
  EXPECT_NE(reply.Message().find("'42' is not this WhatsApp Business Account"), std::string::npos);
}

}  // namespace
}  // namespace socialite
