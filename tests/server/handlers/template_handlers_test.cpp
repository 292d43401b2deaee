// Message templates through the dispatcher: create (simulated review: immediate, delayed and
// manual), the admin review endpoint, status events, Meta's rules and limits, get, list,
// update with edit limits, delete, the template library and header media handles.
#include <gtest/gtest.h>

#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "server/core/json.h"
#include "server/core/percent_encoding.h"
#include "server/core/sha256.h"
#include "storage/template_store.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::EventRow;
using testing::kDayMillis;
using testing::kFixtureWabaId;
using testing::kHourMillis;
using testing::kOtherPartitionAuth;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kPut[] = "/v1/whatsapp/template/put";
constexpr char kFromLibrary[] = "/v1/whatsapp/template/create";
constexpr char kTemplate[] = "/v1/whatsapp/template";
constexpr char kList[] = "/v1/whatsapp/template/list";
constexpr char kLibrary[] = "/v1/whatsapp/template/library";
constexpr char kMedia[] = "/v1/whatsapp/template/media";
constexpr char kBucket[] = "media-bucket";

// A body with one variable and its example.
const std::string kBody =
    R"({"type":"BODY","text":"Your order {{1}} has shipped.","example":{"body_text":[["A123"]]}})";
const std::string kOtherBody =
    R"({"type":"BODY","text":"Your order {{1}} is on its way.","example":{"body_text":[["A1"]]}})";
const std::string kOptOutFooter = R"({"type":"FOOTER","text":"Reply STOP to unsubscribe"})";

std::string Definition(const std::string& name, const std::string& category = "UTILITY",
                       const std::string& components = kBody,
                       const std::string& language = "en_US") {
  return R"({"name":")" + name + R"(","language":")" + language + R"(","category":")" + category +
         R"(","components":[)" + components + "]}";
}

std::string PercentEncode(const std::string& text) {
  return socialite::PercentEncode(text, "-_.~");
}

void ExpectError(const Reply& reply, int status, const std::string& type,
                 const std::string& message) {
  EXPECT_EQ(reply.status(), status) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), type);
  EXPECT_EQ(reply.Message(), message);
}

void ExpectInvalidParameters(const Reply& reply, const std::string& message) {
  ExpectError(reply, 400, "InvalidParametersException", message);
}

class TemplateTest : public ::testing::Test {
 protected:
  explicit TemplateTest(TestEnvOptions options = {}) : env_(options) {}

  Reply Create(const std::string& definition, const std::string& waba = kFixtureWabaId,
               const std::string& auth = "") {
    Value body = Value::Object();
    body.Set("id", waba);
    body.Set("templateDefinition", Base64Encode(definition));
    return env_.Post(kPut, testing::Json(body), auth);
  }

  // Creates a template and returns its metaTemplateId (fails the test unless it answers 200).
  std::string CreateId(const std::string& definition) {
    Reply reply = Create(definition);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("metaTemplateId").value_or("");
  }

  Reply FromLibrary(const Value& library_template) {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("metaLibraryTemplate", library_template);
    return env_.Post(kFromLibrary, testing::Json(body));
  }

  Reply GetById(const std::string& meta_id, const std::string& waba = kFixtureWabaId) {
    return env_.Get(std::string(kTemplate) + "?id=" + waba + "&metaTemplateId=" + meta_id);
  }

  // The template JSON (the `template` string member) of a Get by id, parsed.
  Value TemplateJson(const std::string& meta_id) {
    Reply reply = GetById(meta_id);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    auto text = reply.json.GetString("template");
    EXPECT_TRUE(text.has_value()) << reply.http.body;
    Result<Value> parsed = ParseJson(text.value_or(""));
    EXPECT_TRUE(parsed.ok()) << text.value_or("");
    return parsed.ok() ? *parsed : Value();
  }

  std::string StatusOf(const std::string& meta_id) {
    return TemplateJson(meta_id).GetString("status").value_or("?");
  }

  Reply List(const std::string& query = "") {
    return env_.Get(std::string(kList) + "?id=" + kFixtureWabaId + query);
  }

  // Update with new components (a JSON array) and/or other members.
  Reply Update(const std::string& meta_id, const std::string& components,
               Value extra = Value::Object()) {
    Value body = std::move(extra);
    body.Set("id", kFixtureWabaId);
    body.Set("metaTemplateId", meta_id);
    if (!components.empty()) body.Set("templateComponents", Base64Encode(components));
    return env_.Post(kTemplate, testing::Json(body));
  }

  Reply Review(const std::string& meta_id, const std::string& body) {
    return env_.Post("/_socialite/templates/" + meta_id + "/review", body);
  }

  Reply Delete(const std::string& query) {
    return env_.Delete(std::string(kTemplate) + "?id=" + kFixtureWabaId + query);
  }

  Reply ListLibrary(const Value& body) {
    return env_.Post(std::string(kLibrary) + "?id=" + kFixtureWabaId, testing::Json(body));
  }

  Reply HeaderMedia(const std::string& key) {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("sourceS3File", Value::Object().Set("bucketName", kBucket).Set("key", key));
    return env_.Post(kMedia, testing::Json(body));
  }

  // The message_template_status_update event values, in order.
  std::vector<std::string> StatusEvents() {
    std::vector<std::string> out;
    for (const EventRow& row : env_.Events("template_status")) {
      out.push_back(row.value.GetString("event").value_or("?") + "/" +
                    row.value.GetString("reason").value_or("?"));
    }
    return out;
  }

  TestEnv env_;
};

class DelayedReviewTest : public TemplateTest {
 protected:
  DelayedReviewTest() : TemplateTest(TestEnvOptions{.template_review_delay_seconds = 60}) {}
};

class ManualReviewTest : public TemplateTest {
 protected:
  ManualReviewTest() : TemplateTest(TestEnvOptions{.template_review = "manual"}) {}
};

// --- Create and the automatic review ---------------------------------------------------------

TEST_F(TemplateTest, CreateAnswersPendingWithIdAndCategory) {
  Reply reply = Create(Definition("order_update"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string id = reply.json.GetString("metaTemplateId").value_or("");
  EXPECT_TRUE(std::regex_match(id, std::regex("1[0-9]{15}"))) << id;
  EXPECT_EQ(reply.http.body, R"({"metaTemplateId":")" + id +
                                 R"(","templateStatus":"PENDING","category":"UTILITY"})");
}

TEST_F(TemplateTest, ZeroDelayApprovesRightAfterTheAnswer) {
  std::string id = CreateId(Definition("order_update"));
  EXPECT_EQ(StatusOf(id), "APPROVED");
}

TEST_F(TemplateTest, ApprovalAppendsOneStatusEvent) {
  std::string id = CreateId(Definition("order_update"));
  std::vector<EventRow> events = env_.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "template_status");
  EXPECT_EQ(events[0].field, "message_template_status_update");
  EXPECT_EQ(events[0].waba_id, kFixtureWabaId);
  EXPECT_EQ(WriteJson(events[0].value),
            R"({"event":"APPROVED","message_template_id":)" + id +
                R"(,"message_template_name":"order_update","message_template_language":"en_US",)"
                R"("reason":"NONE","message_template_category":"UTILITY"})");
}

TEST_F(TemplateTest, EventTemplateIdIsANumber) {
  std::string id = CreateId(Definition("order_update"));
  std::vector<EventRow> events = env_.Events("template_status");
  ASSERT_EQ(events.size(), 1u);
  const Value* template_id = events[0].value.Get("message_template_id");
  ASSERT_NE(template_id, nullptr);
  ASSERT_EQ(template_id->kind(), Value::Kind::kInt);
  EXPECT_EQ(std::to_string(template_id->AsInt()), id);
}

TEST_F(TemplateTest, MarketingWithoutOptOutIsRejectedAsPromotional) {
  std::string id = CreateId(Definition("summer_sale", "MARKETING"));
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "REJECTED");
  EXPECT_EQ(t.GetString("rejected_reason"), "PROMOTIONAL");
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"REJECTED/PROMOTIONAL"});
}

TEST_F(TemplateTest, MarketingWithOptOutFooterIsApproved) {
  std::string id = CreateId(Definition("summer_sale", "MARKETING", kBody + "," + kOptOutFooter));
  EXPECT_EQ(StatusOf(id), "APPROVED");
}

TEST_F(TemplateTest, MarketingWithOptOutQuickReplyIsApproved) {
  std::string id = CreateId(Definition(
      "summer_sale", "MARKETING",
      kBody + R"(,{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Opt out"}]})"));
  EXPECT_EQ(StatusOf(id), "APPROVED");
}

TEST_F(TemplateTest, LibraryNameIsRejectedAsInvalidFormat) {
  std::string id = CreateId(Definition("order_confirmation_1"));
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "REJECTED");
  EXPECT_EQ(t.GetString("rejected_reason"), "INVALID_FORMAT");
}

TEST_F(TemplateTest, UrlShortenerInBodyIsRejectedAsAbusiveContent) {
  std::string id =
      CreateId(Definition("tracking_link", "UTILITY",
                          R"({"type":"BODY","text":"Track it at https://bit.ly/x1 now."})"));
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "REJECTED");
  EXPECT_EQ(t.GetString("rejected_reason"), "ABUSIVE_CONTENT");
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"REJECTED/ABUSIVE_CONTENT"});
}

TEST_F(TemplateTest, CreateInUnknownWabaIsResourceNotFound) {
  const std::string waba = "waba-00000000000000000000000000000bad";
  ExpectError(Create(Definition("order_update"), waba), 404, "ResourceNotFoundException",
              "No linked WhatsApp Business Account '" + waba + "' in this account and region");
}

TEST_F(TemplateTest, CreateFromAnotherPartitionDoesNotFindTheWaba) {
  EXPECT_EQ(Create(Definition("order_update"), kFixtureWabaId, kOtherPartitionAuth).status(), 404);
}

// --- Meta's rules on creation ----------------------------------------------------------------

TEST_F(TemplateTest, LeadingVariableIsRejectedWithItsCode) {
  ExpectInvalidParameters(
      Create(Definition("order_update", "UTILITY",
                        R"({"type":"BODY","text":"{{1}} is your order number.",)"
                        R"("example":{"body_text":[["A1"]]}})")),
      "(#2388299) Leading or trailing parameters not allowed: BODY text starts with the "
      "variable {{1}}; variables cannot be the first or last thing in the text");
}

TEST_F(TemplateTest, UppercaseNameIsRejectedWithCode100) {
  ExpectInvalidParameters(Create(Definition("Order_Update")),
                          "(#100) Invalid parameter: name 'Order_Update' may contain only "
                          "lowercase letters, digits and underscores");
}

TEST_F(TemplateTest, LongFooterIsRejectedAsCharacterLimit) {
  ExpectInvalidParameters(
      Create(Definition("order_update", "UTILITY",
                        kBody + R"(,{"type":"FOOTER","text":")" + std::string(61, 'x') + "\"}")),
      "(#2388040) Character limit exceeded: FOOTER text is 61 characters; the limit is 60");
}

TEST_F(TemplateTest, DefinitionThatIsNotJsonIsInvalidParameters) {
  Reply reply = Create("{not json");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
  EXPECT_EQ(reply.Message().rfind("(#100) Invalid parameter: templateDefinition is not JSON: ", 0),
            0u)
      << reply.Message();
}

TEST_F(TemplateTest, RejectedDefinitionStoresNothing) {
  Create(Definition("Order_Update"));
  EXPECT_EQ(storage::TemplateStore(env_.db()).Count(DefaultPartition(), kFixtureWabaId).value(), 0);
}

TEST_F(TemplateTest, DuplicateNameAndLanguageIsRejected) {
  std::string id = CreateId(Definition("order_update"));
  ExpectInvalidParameters(Create(Definition("order_update")),
                          "(#100) Invalid parameter: a template named 'order_update' in language "
                          "en_US exists already (" +
                              id + ")");
}

TEST_F(TemplateTest, SameNameInAnotherLanguageIsAllowed) {
  CreateId(Definition("order_update"));
  Reply reply = Create(Definition("order_update", "UTILITY", kBody, "es"));
  EXPECT_EQ(reply.status(), 200) << reply.http.body;
}

// Fills the WABA with `count` templates straight through the store (fast).
void FillTemplates(TestEnv& env, int count) {
  storage::TemplateStore store(env.db());
  for (int i = 0; i < count; ++i) {
    storage::TemplateRecord t;
    t.waba_id = kFixtureWabaId;
    t.meta_template_id = std::to_string(9000000000000000LL + i);
    t.name = "filler_" + std::to_string(i);
    t.language = "en_US";
    t.category = "UTILITY";
    t.status = "APPROVED";
    t.definition_json = Definition(t.name);
    ASSERT_TRUE(store.Insert(DefaultPartition(), t).ok()) << i;
  }
}

TEST_F(TemplateTest, The250thTemplateIsAccepted) {
  FillTemplates(env_, 249);
  Reply reply = Create(Definition("order_update"));
  EXPECT_EQ(reply.status(), 200) << reply.http.body;
}

TEST_F(TemplateTest, The251stTemplateIsRejected) {
  FillTemplates(env_, 250);
  ExpectInvalidParameters(Create(Definition("order_update")),
                          "(#2388019) Message Template Limit Exceeded: A WhatsApp Business "
                          "Account can have at most 250 templates");
}

// --- Delayed and manual review ---------------------------------------------------------------

TEST_F(DelayedReviewTest, StaysPendingBeforeTheDelay) {
  std::string id = CreateId(Definition("order_update"));
  env_.AdvanceClock(59999);
  EXPECT_EQ(StatusOf(id), "PENDING");
  EXPECT_TRUE(env_.Events().empty());
}

TEST_F(DelayedReviewTest, GetAfterTheDelayRunsTheReview) {
  std::string id = CreateId(Definition("order_update"));
  env_.AdvanceClock(60000);
  EXPECT_EQ(StatusOf(id), "APPROVED");
  std::vector<EventRow> events = env_.Events("template_status");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].created_ms, testing::kStartMillis + 60000);
}

TEST_F(DelayedReviewTest, ListAfterTheDelayRunsTheReview) {
  CreateId(Definition("order_update"));
  env_.AdvanceClock(60000);
  Reply reply = List();
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.Get("templates")->AsList()[0].GetString("templateStatus"), "APPROVED");
}

TEST_F(DelayedReviewTest, AdminDecisionReplacesTheScheduledReview) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Review(id, R"({"status":"REJECTED","reason":"SCAM"})").status(), 200);
  env_.AdvanceClock(60000);
  EXPECT_EQ(StatusOf(id), "REJECTED");
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"REJECTED/SCAM"});
}

TEST_F(ManualReviewTest, StaysPendingWhateverTheTime) {
  std::string id = CreateId(Definition("order_update"));
  env_.AdvanceClock(30 * kDayMillis);
  EXPECT_EQ(StatusOf(id), "PENDING");
  EXPECT_TRUE(env_.Events().empty());
}

TEST_F(ManualReviewTest, AdminReviewApproves) {
  std::string id = CreateId(Definition("order_update"));
  Reply reply = Review(id, R"({"status":"APPROVED"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body,
            R"({"metaTemplateId":")" + id + R"(","status":"APPROVED","qualityScore":"UNKNOWN"})");
  EXPECT_EQ(StatusOf(id), "APPROVED");
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"APPROVED/NONE"});
}

TEST_F(ManualReviewTest, AdminReviewRejectsWithTheGivenReason) {
  std::string id = CreateId(Definition("order_update"));
  Reply reply = Review(id, R"({"status":"REJECTED","reason":"SCAM"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body,
            R"({"metaTemplateId":")" + id +
                R"(","status":"REJECTED","qualityScore":"UNKNOWN","reason":"SCAM"})");
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "REJECTED");
  EXPECT_EQ(t.GetString("rejected_reason"), "SCAM");
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"REJECTED/SCAM"});
}

TEST_F(ManualReviewTest, AdminRejectionWithoutReasonIsInvalidFormat) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Review(id, R"({"status":"REJECTED"})").status(), 200);
  EXPECT_EQ(TemplateJson(id).GetString("rejected_reason"), "INVALID_FORMAT");
}

TEST_F(ManualReviewTest, AdminPauseAndDisable) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Review(id, R"({"status":"APPROVED"})").status(), 200);
  ASSERT_EQ(Review(id, R"({"status":"PAUSED"})").status(), 200);
  EXPECT_EQ(StatusOf(id), "PAUSED");
  ASSERT_EQ(Review(id, R"({"status":"DISABLED"})").status(), 200);
  EXPECT_EQ(StatusOf(id), "DISABLED");
  EXPECT_EQ(StatusEvents(),
            (std::vector<std::string>{"APPROVED/NONE", "PAUSED/NONE", "DISABLED/NONE"}));
}

TEST_F(ManualReviewTest, ApprovalAfterRejectionClearsTheReason) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Review(id, R"({"status":"REJECTED","reason":"SCAM"})").status(), 200);
  ASSERT_EQ(Review(id, R"({"status":"APPROVED"})").status(), 200);
  EXPECT_EQ(TemplateJson(id).Get("rejected_reason"), nullptr);
}

TEST_F(ManualReviewTest, AdminReviewOfUnknownTemplateIs404) {
  Reply reply = Review("1999999999999999", R"({"status":"APPROVED"})");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(reply.http.body, R"({"error":"No template 1999999999999999"})");
}

TEST_F(ManualReviewTest, AdminReviewWithBadStatusIs400) {
  std::string id = CreateId(Definition("order_update"));
  Reply reply = Review(id, R"({"status":"PENDING"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.http.body,
            R"({"error":"status must be APPROVED, REJECTED, PAUSED or DISABLED"})");
  EXPECT_EQ(StatusOf(id), "PENDING");
  EXPECT_TRUE(env_.Events().empty());
}

TEST_F(ManualReviewTest, AdminReviewWithoutJsonBodyIs400) {
  std::string id = CreateId(Definition("order_update"));
  EXPECT_EQ(Review(id, "approve it").status(), 400);
}

TEST_F(ManualReviewTest, AdminReviewNeedsPost) {
  std::string id = CreateId(Definition("order_update"));
  EXPECT_EQ(env_.Get("/_socialite/templates/" + id + "/review").status(), 405);
}

// --- Get -------------------------------------------------------------------------------------

TEST_F(TemplateTest, GetByIdAnswersMetaTemplateJsonAsAString) {
  std::string id = CreateId(Definition("order_update"));
  Reply reply = GetById(id);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value* text = reply.json.Get("template");
  ASSERT_NE(text, nullptr);
  ASSERT_EQ(text->kind(), Value::Kind::kString);
  EXPECT_EQ(
      text->AsString(),
      R"({"name":"order_update","parameter_format":"POSITIONAL","components":[)" + kBody +
          R"(],"language":"en_US","status":"APPROVED","category":"UTILITY","id":")" + id +
          R"(","quality_score":{"score":"UNKNOWN"},"cta_url_link_tracking_opted_out":false})");
}

TEST_F(TemplateTest, GetByNameAndLanguage) {
  CreateId(Definition("order_update"));
  std::string es = CreateId(Definition("order_update", "UTILITY", kBody, "es"));
  Reply reply = env_.Get(std::string(kTemplate) + "?id=" + kFixtureWabaId +
                         "&templateName=order_update&templateLanguageCode=es");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Result<Value> t = ParseJson(reply.json.GetString("template").value_or(""));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->GetString("id"), es);
  EXPECT_EQ(t->GetString("language"), "es");
}

TEST_F(TemplateTest, GetByNameWithoutLanguageIsInvalidParameters) {
  CreateId(Definition("order_update"));
  ExpectInvalidParameters(
      env_.Get(std::string(kTemplate) + "?id=" + kFixtureWabaId + "&templateName=order_update"),
      "Name the template by metaTemplateId, or by templateName with templateLanguageCode");
}

TEST_F(TemplateTest, GetUnknownIdIsResourceNotFound) {
  ExpectError(GetById("1999999999999999"), 404, "ResourceNotFoundException",
              std::string("No template 1999999999999999 in ") + kFixtureWabaId);
}

TEST_F(TemplateTest, GetUnknownNameIsResourceNotFound) {
  ExpectError(env_.Get(std::string(kTemplate) + "?id=" + kFixtureWabaId +
                       "&templateName=nope&templateLanguageCode=en_US"),
              404, "ResourceNotFoundException",
              std::string("No template 'nope' in language en_US in ") + kFixtureWabaId);
}

TEST_F(TemplateTest, GetShowsRejectionReasonAndLibraryName) {
  Value request = Value::Object();
  request.Set("templateName", "my_order_confirmation");
  request.Set("libraryTemplateName", "order_confirmation_1");
  request.Set("templateCategory", "UTILITY");
  request.Set("templateLanguage", "en_US");
  Reply created = FromLibrary(request);
  ASSERT_EQ(created.status(), 200) << created.http.body;
  Value t = TemplateJson(created.json.GetString("metaTemplateId").value_or(""));
  EXPECT_EQ(t.GetString("library_template_name"), "order_confirmation_1");
  EXPECT_EQ(t.Get("rejected_reason"), nullptr);
}

// --- List ------------------------------------------------------------------------------------

TEST_F(TemplateTest, ListSummaryExactBody) {
  std::string id = CreateId(Definition("order_update"));
  Reply reply = List();
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body,
            R"({"templates":[{"templateName":"order_update","metaTemplateId":")" + id +
                R"(","templateStatus":"APPROVED","templateQualityScore":"UNKNOWN",)"
                R"("templateLanguage":"en_US","templateCategory":"UTILITY"}]})");
}

TEST_F(TemplateTest, ListOfEmptyWabaHasNoTemplates) {
  Reply reply = List();
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"templates":[]})");
}

TEST_F(TemplateTest, ListPagesInCreationOrder) {
  std::vector<std::string> created;
  for (int i = 1; i <= 5; ++i) created.push_back(CreateId(Definition("t" + std::to_string(i))));
  std::vector<std::string> seen;
  std::vector<size_t> sizes;
  std::string query = "&maxResults=2";
  for (int page = 0; page < 5; ++page) {
    Reply reply = List(query);
    ASSERT_EQ(reply.status(), 200) << reply.http.body;
    const ValueList& items = reply.json.Get("templates")->AsList();
    sizes.push_back(items.size());
    for (const auto& item : items) seen.push_back(item.GetString("metaTemplateId").value_or(""));
    auto token = reply.json.GetString("nextToken");
    if (!token) break;
    query = "&maxResults=2&nextToken=" + PercentEncode(*token);
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(seen, created);
}

TEST_F(TemplateTest, ListWithExactlyAFullPageOffersNoToken) {
  CreateId(Definition("t1"));
  CreateId(Definition("t2"));
  Reply reply = List("&maxResults=2");
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.json.Get("templates")->AsList().size(), 2u);
  EXPECT_EQ(reply.json.Get("nextToken"), nullptr);
}

TEST_F(TemplateTest, ListWithForgedTokenIsInvalidParameters) {
  CreateId(Definition("t1"));
  ExpectInvalidParameters(List("&nextToken=" + PercentEncode(Base64Encode("templates:x:1:abc"))),
                          "The nextToken is not valid for this list");
}

TEST_F(TemplateTest, ListRejectsALibraryToken) {
  Reply library = ListLibrary(Value::Object().Set("maxResults", 10));
  ASSERT_EQ(library.status(), 200) << library.http.body;
  std::string token = library.json.GetString("nextToken").value_or("");
  ASSERT_FALSE(token.empty());
  ExpectInvalidParameters(List("&nextToken=" + PercentEncode(token)),
                          "The nextToken is not valid for this list");
}

// --- Update ----------------------------------------------------------------------------------

TEST_F(DelayedReviewTest, ContentChangeSendsTheTemplateBackToReview) {
  std::string id = CreateId(Definition("order_update"));
  env_.AdvanceClock(60000);
  ASSERT_EQ(StatusOf(id), "APPROVED");
  Reply reply = Update(id, "[" + kOtherBody + "]");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, "{}");
  EXPECT_EQ(StatusOf(id), "PENDING");
  env_.AdvanceClock(60000);
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "APPROVED");
  EXPECT_EQ(WriteJson(*t.Get("components")), "[" + kOtherBody + "]");
  EXPECT_EQ(StatusEvents(), (std::vector<std::string>{"APPROVED/NONE", "APPROVED/NONE"}));
}

TEST_F(TemplateTest, CategoryChangeIsReviewedAgain) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Update(id, "", Value::Object().Set("templateCategory", "MARKETING")).status(), 200);
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("category"), "MARKETING");
  EXPECT_EQ(t.GetString("status"), "REJECTED");
  EXPECT_EQ(t.GetString("rejected_reason"), "PROMOTIONAL");
}

TEST_F(DelayedReviewTest, LinkTrackingOptOutAloneDoesNotSendToReview) {
  std::string id = CreateId(Definition("order_update"));
  env_.AdvanceClock(60000);
  ASSERT_EQ(StatusOf(id), "APPROVED");
  Reply reply = Update(id, "", Value::Object().Set("ctaUrlLinkTrackingOptedOut", true));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "APPROVED");
  EXPECT_EQ(t.GetBool("cta_url_link_tracking_opted_out"), true);
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"APPROVED/NONE"});
}

TEST_F(TemplateTest, LinkTrackingOptOutDoesNotCountAsAnEdit) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Update(id, "", Value::Object().Set("ctaUrlLinkTrackingOptedOut", true)).status(), 200);
  EXPECT_EQ(Update(id, "[" + kOtherBody + "]").status(), 200);
}

TEST_F(TemplateTest, SecondEditWithin24HoursIsRejected) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Update(id, "[" + kOtherBody + "]").status(), 200);
  ASSERT_EQ(StatusOf(id), "APPROVED");
  env_.AdvanceClock(23 * kHourMillis);
  ExpectInvalidParameters(Update(id, "[" + kBody + "]"),
                          "(#100) Invalid parameter: an approved template can be edited once in "
                          "24 hours; template " +
                              id + " was edited already");
}

TEST_F(TemplateTest, RejectedEditLeavesTheTemplateAsItWas) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Update(id, "[" + kOtherBody + "]").status(), 200);
  Update(id, "[" + kBody + "]");
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "APPROVED");
  EXPECT_EQ(WriteJson(*t.Get("components")), "[" + kOtherBody + "]");
}

TEST_F(TemplateTest, EditAfter25HoursIsAllowed) {
  std::string id = CreateId(Definition("order_update"));
  ASSERT_EQ(Update(id, "[" + kOtherBody + "]").status(), 200);
  env_.AdvanceClock(25 * kHourMillis);
  Reply reply = Update(id, "[" + kBody + "]");
  EXPECT_EQ(reply.status(), 200) << reply.http.body;
}

TEST_F(TemplateTest, EleventhEditIn30DaysIsRejected) {
  std::string id = CreateId(Definition("order_update"));
  for (int edit = 1; edit <= 10; ++edit) {
    Reply reply = Update(id, "[" + (edit % 2 ? kOtherBody : kBody) + "]");
    ASSERT_EQ(reply.status(), 200) << "edit " << edit << ": " << reply.http.body;
    env_.AdvanceClock(25 * kHourMillis);
  }
  ExpectInvalidParameters(Update(id, "[" + kOtherBody + "]"),
                          "(#100) Invalid parameter: an approved template can be edited 10 times "
                          "in 30 days; template " +
                              id + " reached the limit");
}

TEST_F(TemplateTest, EditsOfARejectedTemplateAreNotLimited) {
  std::string id = CreateId(Definition("summer_sale", "MARKETING"));
  ASSERT_EQ(StatusOf(id), "REJECTED");
  ASSERT_EQ(Update(id, "[" + kOtherBody + "]").status(), 200);
  EXPECT_EQ(Update(id, "[" + kBody + "]").status(), 200);
}

TEST_F(TemplateTest, UpdateBreakingARuleIsRejectedWithItsCode) {
  std::string id = CreateId(Definition("order_update"));
  ExpectInvalidParameters(
      Update(id, R"([{"type":"BODY","text":"Shipped: {{1}}","example":{"body_text":[["A"]]}}])"),
      "(#2388299) Leading or trailing parameters not allowed: BODY text ends with the variable "
      "{{1}}; variables cannot be the first or last thing in the text");
}

TEST_F(TemplateTest, UpdateWithComponentsThatAreNotAListIsRejected) {
  std::string id = CreateId(Definition("order_update"));
  ExpectInvalidParameters(Update(id, kBody),
                          "(#100) Invalid parameter: templateComponents must be a JSON array");
}

TEST_F(TemplateTest, UpdateOfUnknownTemplateIsResourceNotFound) {
  ExpectError(Update("1999999999999999", "[" + kBody + "]"), 404, "ResourceNotFoundException",
              std::string("No template 1999999999999999 in ") + kFixtureWabaId);
}

// --- Delete ----------------------------------------------------------------------------------

TEST_F(TemplateTest, DeleteByIdRemovesOnlyThatLanguage) {
  std::string en = CreateId(Definition("order_update"));
  std::string es = CreateId(Definition("order_update", "UTILITY", kBody, "es"));
  Reply reply = Delete("&templateName=order_update&metaTemplateId=" + en);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(GetById(en).status(), 404);
  EXPECT_EQ(GetById(es).status(), 200);
}

TEST_F(TemplateTest, DeleteByNameRemovesEveryLanguage) {
  std::string en = CreateId(Definition("order_update"));
  std::string es = CreateId(Definition("order_update", "UTILITY", kBody, "es"));
  std::string other = CreateId(Definition("other_update"));
  ASSERT_EQ(Delete("&templateName=order_update").status(), 200);
  EXPECT_EQ(GetById(en).status(), 404);
  EXPECT_EQ(GetById(es).status(), 404);
  EXPECT_EQ(GetById(other).status(), 200);
}

TEST_F(TemplateTest, DeleteAllTemplatesWithAnIdRemovesEveryLanguage) {
  std::string en = CreateId(Definition("order_update"));
  std::string es = CreateId(Definition("order_update", "UTILITY", kBody, "es"));
  ASSERT_EQ(
      Delete("&templateName=order_update&deleteAllTemplates=true&metaTemplateId=" + en).status(),
      200);
  EXPECT_EQ(GetById(en).status(), 404);
  EXPECT_EQ(GetById(es).status(), 404);
}

TEST_F(TemplateTest, DeleteAppendsADeletedEventPerTemplate) {
  std::string en = CreateId(Definition("order_update"));
  std::string es = CreateId(Definition("order_update", "UTILITY", kBody, "es"));
  ASSERT_EQ(Delete("&templateName=order_update").status(), 200);
  std::vector<EventRow> events = env_.Events("template_status");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].value.GetString("event"), "DELETED");
  EXPECT_EQ(std::to_string(events[2].value.GetInt("message_template_id").value_or(0)), en);
  EXPECT_EQ(events[3].value.GetString("event"), "DELETED");
  EXPECT_EQ(std::to_string(events[3].value.GetInt("message_template_id").value_or(0)), es);
  EXPECT_EQ(events[3].value.GetString("message_template_language"), "es");
  EXPECT_EQ(events[3].value.GetString("reason"), "NONE");
}

TEST_F(TemplateTest, DeleteUnknownNameIsResourceNotFound) {
  ExpectError(Delete("&templateName=nope"), 404, "ResourceNotFoundException",
              std::string("No template named 'nope' in ") + kFixtureWabaId);
}

TEST_F(TemplateTest, DeleteWithIdOfAnotherNameIsResourceNotFound) {
  std::string id = CreateId(Definition("order_update"));
  ExpectError(Delete("&templateName=other&metaTemplateId=" + id), 404, "ResourceNotFoundException",
              "No template " + id + " named 'other' in " + kFixtureWabaId);
  EXPECT_EQ(GetById(id).status(), 200);
}

TEST_F(TemplateTest, DeletedNameCanBeCreatedAgain) {
  CreateId(Definition("order_update"));
  ASSERT_EQ(Delete("&templateName=order_update").status(), 200);
  EXPECT_EQ(Create(Definition("order_update")).status(), 200);
}

// --- The template library --------------------------------------------------------------------

TEST_F(TemplateTest, LibraryPagesThroughAllEntries) {
  int pages = 0;
  size_t total = 0;
  Value body = Value::Object().Set("maxResults", 10);
  while (pages < 10) {
    Reply reply = ListLibrary(body);
    ASSERT_EQ(reply.status(), 200) << reply.http.body;
    ++pages;
    total += reply.json.Get("metaLibraryTemplates")->AsList().size();
    auto token = reply.json.GetString("nextToken");
    if (!token) break;
    body = Value::Object().Set("maxResults", 10).Set("nextToken", *token);
  }
  EXPECT_EQ(pages, 7);
  EXPECT_EQ(total, 63u);
}

TEST_F(TemplateTest, LibraryEntryIsServedAsDefined) {
  Value filters = Value::Object().Set("searchKey", "order_confirmation_1");
  Reply reply = ListLibrary(Value::Object().Set("filters", filters));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const ValueList& items = reply.json.Get("metaLibraryTemplates")->AsList();
  ASSERT_EQ(items.size(), 3u);  // en_US, pt_BR and de
  EXPECT_EQ(items[0].GetString("templateName"), "order_confirmation_1");
  EXPECT_EQ(items[0].GetString("templateId"), "9034871265401001");
  EXPECT_EQ(items[0].GetString("templateTopic"), "ORDER_MANAGEMENT");
  EXPECT_EQ(WriteJson(*items[0].Get("templateBodyExampleParams")), R"(["Ana","#48213"])");
}

TEST_F(TemplateTest, LibraryFiltersCombine) {
  Value filters = Value::Object().Set("topic", "payments").Set("language", "EN_us");
  Reply reply = ListLibrary(Value::Object().Set("filters", filters).Set("maxResults", 100));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.Get("metaLibraryTemplates")->AsList().size(), 13u);
  EXPECT_EQ(reply.json.Get("nextToken"), nullptr);
}

TEST_F(TemplateTest, LibraryUnknownFilterIsInvalidParameters) {
  ExpectInvalidParameters(
      ListLibrary(Value::Object().Set("filters", Value::Object().Set("color", "blue"))),
      "Unknown filter 'color'; use searchKey, topic, usecase, industry or language");
}

TEST_F(TemplateTest, LibraryForgedTokenIsInvalidParameters) {
  ExpectInvalidParameters(
      ListLibrary(Value::Object().Set("nextToken", Base64Encode("template-library:5:0000"))),
      "The nextToken is not valid for this list");
}

TEST_F(TemplateTest, LibraryOfUnknownWabaIsResourceNotFound) {
  Reply reply =
      env_.Post(std::string(kLibrary) + "?id=waba-00000000000000000000000000000bad", "{}");
  EXPECT_EQ(reply.status(), 404) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), "ResourceNotFoundException");
}

Value LibraryRequest(const std::string& library_name, const std::string& name,
                     const std::string& category, const std::string& language = "en_US") {
  Value request = Value::Object();
  request.Set("templateName", name);
  request.Set("libraryTemplateName", library_name);
  request.Set("templateCategory", category);
  request.Set("templateLanguage", language);
  return request;
}

TEST_F(TemplateTest, FromLibraryIsApprovedImmediately) {
  Reply reply = FromLibrary(LibraryRequest("order_confirmation_1", "my_orders", "UTILITY"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string id = reply.json.GetString("metaTemplateId").value_or("");
  EXPECT_EQ(reply.http.body, R"({"metaTemplateId":")" + id +
                                 R"(","templateStatus":"APPROVED","category":"UTILITY"})");
  EXPECT_EQ(StatusEvents(), std::vector<std::string>{"APPROVED/NONE"});
}

TEST_F(ManualReviewTest, FromLibraryIsApprovedEvenInManualMode) {
  Reply reply = FromLibrary(LibraryRequest("order_confirmation_1", "my_orders", "UTILITY"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(StatusOf(reply.json.GetString("metaTemplateId").value_or("")), "APPROVED");
}

TEST_F(TemplateTest, FromLibraryWithAnotherCategoryIsPending) {
  Reply reply = FromLibrary(LibraryRequest("order_confirmation_1", "my_orders", "MARKETING"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.GetString("templateStatus"), "PENDING");
  EXPECT_EQ(reply.json.GetString("category"), "MARKETING");
}

TEST_F(TemplateTest, FromLibraryStoresTheInstantiatedDefinition) {
  Reply reply = FromLibrary(LibraryRequest("order_confirmation_1", "my_orders", "UTILITY"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Value t = TemplateJson(reply.json.GetString("metaTemplateId").value_or(""));
  EXPECT_EQ(t.GetString("name"), "my_orders");
  const ValueList& components = t.Get("components")->AsList();
  ASSERT_EQ(components.size(), 3u);
  EXPECT_EQ(components[0].GetString("text"), "Thanks for your order");
  EXPECT_EQ(components[2].GetString("type"), "BUTTONS");
}

TEST_F(TemplateTest, EditedLibraryTemplateKeepingTheLibraryNameIsApproved) {
  Reply created =
      FromLibrary(LibraryRequest("order_pickup_reminder_1", "order_pickup_reminder_1", "UTILITY"));
  ASSERT_EQ(created.status(), 200) << created.http.body;
  std::string id = created.json.GetString("metaTemplateId").value_or("");
  ASSERT_EQ(StatusOf(id), "APPROVED");
  ASSERT_EQ(Update(id, "[" + kOtherBody + "]").status(), 200);
  Value t = TemplateJson(id);
  EXPECT_EQ(t.GetString("status"), "APPROVED");
  EXPECT_EQ(t.Get("rejected_reason"), nullptr);
}

TEST_F(TemplateTest, FromLibraryBodyInputAddsItsSentence) {
  Value request = LibraryRequest("order_pickup_reminder_1", "pickup", "UTILITY");
  request.Set("libraryTemplateBodyInputs", Value::Object().Set("addContactNumber", true));
  Reply reply = FromLibrary(request);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Value t = TemplateJson(reply.json.GetString("metaTemplateId").value_or(""));
  std::string body;
  for (const auto& c : t.Get("components")->AsList()) {
    if (c.GetString("type") == "BODY") body = c.GetString("text").value_or("");
  }
  const std::string sentence = " Questions? Call us with the button below.";
  ASSERT_GE(body.size(), sentence.size());
  EXPECT_EQ(body.substr(body.size() - sentence.size()), sentence);
}

TEST_F(TemplateTest, FromLibraryAuthenticationWithInputs) {
  Value request = LibraryRequest("account_verification_code", "login_code", "AUTHENTICATION");
  request.Set(
      "libraryTemplateBodyInputs",
      Value::Object().Set("codeExpirationMinutes", 10).Set("addSecurityRecommendation", true));
  Reply reply = FromLibrary(request);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.GetString("templateStatus"), "APPROVED");
  Value t = TemplateJson(reply.json.GetString("metaTemplateId").value_or(""));
  EXPECT_EQ(WriteJson(*t.Get("components")),
            R"([{"type":"BODY","add_security_recommendation":true},)"
            R"({"type":"FOOTER","code_expiration_minutes":10},)"
            R"({"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}])");
}

TEST_F(TemplateTest, FromLibraryCodeExpirationOutOfRangeIsInvalidParameters) {
  Value request = LibraryRequest("account_verification_code", "login_code", "AUTHENTICATION");
  request.Set("libraryTemplateBodyInputs", Value::Object().Set("codeExpirationMinutes", 91));
  ExpectInvalidParameters(FromLibrary(request),
                          "(#100) Invalid parameter: libraryTemplateBodyInputs."
                          "codeExpirationMinutes must be 1-90");
}

TEST_F(TemplateTest, FromLibraryUnknownTemplateIsResourceNotFound) {
  ExpectError(FromLibrary(LibraryRequest("no_such_template", "x", "UTILITY")), 404,
              "ResourceNotFoundException",
              "No library template 'no_such_template' in language "
              "en_US");
}

TEST_F(TemplateTest, FromLibraryMissingLanguageIsResourceNotFound) {
  ExpectError(FromLibrary(LibraryRequest("order_confirmation_1", "x", "UTILITY", "fr")), 404,
              "ResourceNotFoundException",
              "No library template 'order_confirmation_1' in language fr");
}

TEST_F(TemplateTest, FromLibraryTwiceWithTheSameNameIsRejected) {
  ASSERT_EQ(FromLibrary(LibraryRequest("order_confirmation_1", "my_orders", "UTILITY")).status(),
            200);
  Reply again = FromLibrary(LibraryRequest("order_confirmation_2", "my_orders", "UTILITY"));
  EXPECT_EQ(again.status(), 400);
  EXPECT_EQ(again.ErrorType(), "InvalidParametersException");
}

// --- Header media handles --------------------------------------------------------------------

TEST_F(TemplateTest, PngHeaderMediaGetsAHandle) {
  const std::string bytes = "\x89PNG\r\n\x1a\nfake image";
  env_.PutObject(kBucket, "headers/logo.png", bytes);
  Reply reply = HeaderMedia("headers/logo.png");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.GetString("metaHeaderHandle"),
            "4::" + Base64Encode("image/png") + ":" +
                Sha256Hex(std::string(kFixtureWabaId) + "|" + bytes).substr(0, 40));
}

TEST_F(TemplateTest, PdfHeaderMediaGetsAHandle) {
  env_.PutObject(kBucket, "docs/menu.pdf", "%PDF-1.7 fake");
  Reply reply = HeaderMedia("docs/menu.pdf");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string handle = reply.json.GetString("metaHeaderHandle").value_or("");
  EXPECT_EQ(handle.rfind("4::" + Base64Encode("application/pdf") + ":", 0), 0u) << handle;
}

TEST_F(TemplateTest, StoredContentTypeWinsOverTheExtension) {
  env_.PutObject(kBucket, "upload.bin", "video bytes", "video/mp4");
  Reply reply = HeaderMedia("upload.bin");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string handle = reply.json.GetString("metaHeaderHandle").value_or("");
  EXPECT_EQ(handle.rfind("4::" + Base64Encode("video/mp4") + ":", 0), 0u) << handle;
}

TEST_F(TemplateTest, TextHeaderMediaIsRejected) {
  env_.PutObject(kBucket, "notes.txt", "hello");
  ExpectInvalidParameters(HeaderMedia("notes.txt"),
                          "Template header media must be JPEG or PNG, MP4 or 3GPP, or PDF; "
                          "s3://media-bucket/notes.txt is 'text/plain'");
}

TEST_F(TemplateTest, SixMegabytePngIsRejected) {
  env_.PutObject(kBucket, "big.png", std::string(6 * 1024 * 1024, 'x'));
  ExpectInvalidParameters(HeaderMedia("big.png"),
                          "Template header image is 6291456 bytes; the limit is 5242880");
}

TEST_F(TemplateTest, MissingObjectIsInvalidParameters) {
  env_.CreateBucket("media-bucket");
  ExpectInvalidParameters(HeaderMedia("missing.png"),
                          "Cannot read s3://media-bucket/missing.png: no object "
                          "media-bucket/missing.png");
}

TEST_F(TemplateTest, HeaderMediaWithoutSourceIsInvalidParameters) {
  ExpectInvalidParameters(
      env_.Post(kMedia, testing::Json(Value::Object().Set("id", kFixtureWabaId))),
      "sourceS3File is required: the header media in S3");
}

}  // namespace
}  // namespace socialite
