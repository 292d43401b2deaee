// WhatsApp Flows through the dispatcher: create (JSON, clone, publish at once), Meta's
// lifecycle and its exact errors, get/list shapes, assets and preview links with their served
// pages, FLOW_STATUS_CHANGE events, partitioning, unlinking, and the reader-to-writer hand-off
// of a preview that must be issued.
#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/handlers/flow_lifecycle.h"
#include "server/handlers/handler_table.h"
#include "storage/flow_store.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::kFixtureWabaId;
using testing::kOtherPartitionAuth;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;

constexpr char kCreate[] = "/v1/whatsapp/flow/create";
constexpr char kUpdate[] = "/v1/whatsapp/flow/update";
constexpr char kAssetsUpdate[] = "/v1/whatsapp/flow/assets/update";
constexpr char kPublish[] = "/v1/whatsapp/flow/publish";
constexpr char kDeprecate[] = "/v1/whatsapp/flow/deprecate";
constexpr char kFlow[] = "/v1/whatsapp/flow";
constexpr char kList[] = "/v1/whatsapp/flow/list";
constexpr char kAssets[] = "/v1/whatsapp/flow/assets";
constexpr char kPreview[] = "/v1/whatsapp/flow/preview";
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

const std::string kValidJson = R"({
  "version": "7.3",
  "screens": [
    {"id": "ASK", "title": "Question",
     "layout": {"type": "SingleColumnLayout", "children": [
       {"type": "TextInput", "name": "answer", "label": "Answer"},
       {"type": "Footer", "label": "Next",
        "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "DONE"}}}]}},
    {"id": "DONE", "title": "<script>alert(1)</script>", "terminal": true,
     "layout": {"type": "SingleColumnLayout", "children": [
       {"type": "TextBody", "text": "Bye & thanks"},
       {"type": "Footer", "label": "Finish",
        "on-click-action": {"name": "complete", "payload": {}}}]}}]})";

class FlowHandlersTest : public ::testing::Test {
 protected:
  Reply Create(const std::string& name, const std::optional<std::string>& json = std::nullopt,
               bool publish = false, const std::string& auth = "") {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("flowName", name);
    body.Set("categories", Value(ValueList{Value("SURVEY")}));
    if (json) body.Set("flowJson", Base64Encode(*json));
    if (publish) body.Set("publish", true);
    return env_.Post(kCreate, testing::Json(body), auth);
  }
  std::string CreateId(const std::string& name,
                       const std::optional<std::string>& json = std::nullopt,
                       bool publish = false) {
    Reply reply = Create(name, json, publish);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("flowId").value_or("");
  }
  Reply PostFlow(const char* path, const std::string& flow_id, Value extra = Value::Object()) {
    extra.Set("id", kFixtureWabaId);
    extra.Set("flowId", flow_id);
    return env_.Post(path, testing::Json(extra));
  }
  Reply GetFlow(const std::string& flow_id, const std::string& auth = "") {
    return env_.Get(std::string(kFlow) + "?id=" + kFixtureWabaId + "&flowId=" + flow_id, auth);
  }
  std::string StatusOf(const std::string& flow_id) {
    return GetFlow(flow_id).json.GetString("flowStatus").value_or("?");
  }
  // The admin path of a URL served under the test env's origin.
  static std::string PathOf(const std::string& url) {
    const std::string origin = "http://127.0.0.1:4576";
    EXPECT_EQ(url.rfind(origin, 0), 0u) << url;
    return url.substr(origin.size());
  }
  void ExpectError(const Reply& reply, int status, const std::string& type,
                   const std::string& message) {
    EXPECT_EQ(reply.status(), status) << reply.http.body;
    EXPECT_EQ(reply.ErrorType(), type);
    EXPECT_EQ(reply.Message(), message);
  }

  TestEnv env_;
};

TEST_F(FlowHandlersTest, CreateAnswersAMetaStyleIdAndAnEmptyErrorList) {
  Reply reply = Create("Survey");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string id = reply.json.GetString("flowId").value_or("");
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(reply.http.body, R"({"flowId":")" + id + R"(","validationErrors":[]})");
}

TEST_F(FlowHandlersTest, GetShowsEveryMemberTheModelShapes) {
  std::string id = CreateId("Survey", kValidJson);
  Reply reply = GetFlow(id);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value& out = reply.json;
  EXPECT_EQ(out.GetString("flowName"), "Survey");
  EXPECT_EQ(out.GetString("flowStatus"), "DRAFT");
  EXPECT_EQ(out.GetString("jsonVersion"), "7.3");
  EXPECT_EQ(out.Get("dataApiVersion"), nullptr);
  EXPECT_EQ(out.Get("endpointUri"), nullptr);
  EXPECT_EQ(WriteJson(*out.Get("categories")), R"(["SURVEY"])");
  EXPECT_EQ(WriteJson(*out.Get("validationErrors")), "[]");
  const Value* preview = out.Get("preview");
  ASSERT_NE(preview, nullptr);
  // 30 days from the start of the fake clock (2026-01-01T00:00:00Z).
  EXPECT_EQ(preview->GetString("expiresAt"), "2026-01-31T00:00:00+0000");
  EXPECT_EQ(preview->GetString("previewUrl")
                ->rfind("http://127.0.0.1:4576/_socialite/flows/" + id + "/preview?token=", 0),
            0u);
  EXPECT_EQ(out.Get("whatsAppBusinessAccount")->GetString("id"), "104729384756102");
  EXPECT_EQ(out.Get("application")->GetString("name"), "AWS End User Messaging Social");
  EXPECT_EQ(out.Get("healthStatus")->GetString("canSendMessage"), "AVAILABLE");
}

TEST_F(FlowHandlersTest, PublishAtCreateOnlyWithAValidJson) {
  std::string good = CreateId("Good", kValidJson, /*publish=*/true);
  EXPECT_EQ(StatusOf(good), "PUBLISHED");
  Reply bad = Create("Bad", R"({"screens":[{"id":"A"}]})", /*publish=*/true);
  ASSERT_EQ(bad.status(), 200) << bad.http.body;
  const Value* errors = bad.json.Get("validationErrors");
  ASSERT_TRUE(errors != nullptr && !errors->AsList().empty());
  // The version is missing: one of the errors says so, each is a Meta error object.
  bool names_version = false;
  for (const Value& text : errors->AsList()) {
    Result<Value> error = ParseJson(text.AsString());
    ASSERT_TRUE(error.ok()) << text.AsString();
    EXPECT_TRUE(error->GetString("error_type").has_value());
    if (error->GetString("message").value_or("").find("version") != std::string::npos) {
      names_version = true;
    }
  }
  EXPECT_TRUE(names_version) << bad.http.body;
  EXPECT_EQ(StatusOf(bad.json.GetString("flowId").value_or("")), "DRAFT");
}

TEST_F(FlowHandlersTest, WrongTransitionsGetMetasCodesAsInvalidParameters) {
  std::string draft = CreateId("Draft");
  ExpectError(PostFlow(kPublish, draft), 400, "InvalidParametersException",
              "(#139002) Flow can't be published: flow " + draft +
                  ": the flow has no Flow JSON; upload one with UpdateWhatsAppFlowAssets");
  ExpectError(PostFlow(kDeprecate, draft), 400, "InvalidParametersException",
              "(#139003) Flow can't be deprecated: can't deprecate an unpublished flow; flow " +
                  draft + " is DRAFT and only PUBLISHED flows can be deprecated");

  std::string live = CreateId("Live", kValidJson, /*publish=*/true);
  ExpectError(env_.Delete(std::string(kFlow) + "?id=" + kFixtureWabaId + "&flowId=" + live), 400,
              "InvalidParametersException",
              "(#139004) Flow failed to delete: flow " + live +
                  " is PUBLISHED; only DRAFT flows can be deleted (deprecate a published flow)");
  ASSERT_EQ(PostFlow(kDeprecate, live).status(), 200);
  ExpectError(PostFlow(kDeprecate, live), 400, "InvalidParametersException",
              "(#139003) Flow can't be deprecated: flow " + live + " is already deprecated");
  ExpectError(PostFlow(kUpdate, live, Value::Object().Set("flowName", "X")), 400,
              "InvalidParametersException",
              "(#139001) Flow can't be updated: flow " + live +
                  " is DEPRECATED; only DRAFT and PUBLISHED flows can be updated");
}

TEST_F(FlowHandlersTest, UnknownFlowAndWabaAreResourceNotFound) {
  ExpectError(GetFlow("123"), 404, "ResourceNotFoundException",
              std::string("No flow 123 in ") + kFixtureWabaId +
                  " (ListWhatsAppFlows shows the WABA's flows)");
  Reply reply = env_.Get(std::string(kList) + "?id=waba-00000000000000000000000000000000");
  EXPECT_EQ(reply.ErrorType(), "ResourceNotFoundException");
}

TEST_F(FlowHandlersTest, DuplicateNamesAreMetaError100) {
  CreateId("Same");
  ExpectError(Create("Same"), 400, "InvalidParametersException",
              "(#100) Invalid parameter: Flow name is not unique: the WABA has a flow named "
              "'Same' already");
}

TEST_F(FlowHandlersTest, EditingAPublishedFlowRevertsItToDraft) {
  std::string id = CreateId("Live", kValidJson, /*publish=*/true);
  Value json = Value::Object().Set("flowJson", Base64Encode(R"({"version":"7.3"})"));
  Reply reply = PostFlow(kAssetsUpdate, id, json);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_FALSE(reply.json.Get("validationErrors")->AsList().empty());
  EXPECT_EQ(StatusOf(id), "DRAFT");
  // Renaming to the same name changes nothing; a real rename of a published flow reverts it.
  std::string other = CreateId("Other", kValidJson, /*publish=*/true);
  ASSERT_EQ(PostFlow(kUpdate, other, Value::Object().Set("flowName", "Other")).status(), 200);
  EXPECT_EQ(StatusOf(other), "PUBLISHED");
  ASSERT_EQ(PostFlow(kUpdate, other, Value::Object().Set("flowName", "Renamed")).status(), 200);
  EXPECT_EQ(StatusOf(other), "DRAFT");
}

TEST_F(FlowHandlersTest, StatusChangesAreFlowsWebhookEvents) {
  std::string id = CreateId("Hooked", kValidJson);
  ASSERT_EQ(PostFlow(kPublish, id).status(), 200);
  ASSERT_EQ(PostFlow(kUpdate, id, Value::Object().Set("flowName", "Hooked 2")).status(), 200);
  ASSERT_EQ(PostFlow(kPublish, id).status(), 200);
  ASSERT_EQ(PostFlow(kDeprecate, id).status(), 200);
  auto events = env_.Events("flow_status");
  ASSERT_EQ(events.size(), 4u);  // created, published, (back to draft: not announced), ...
  EXPECT_EQ(events[0].field, "flows");
  EXPECT_EQ(WriteJson(events[0].value),
            R"({"event":"FLOW_STATUS_CHANGE","message":"Flow Hooked has been created with DRAFT )"
            R"(status","flow_id":")" +
                id + R"(","new_status":"DRAFT"})");
  EXPECT_EQ(WriteJson(events[1].value),
            R"({"event":"FLOW_STATUS_CHANGE","message":"Flow Hooked changed status from DRAFT )"
            R"(to PUBLISHED","flow_id":")" +
                id + R"(","old_status":"DRAFT","new_status":"PUBLISHED"})");
  EXPECT_EQ(events[2].value.GetString("message"),
            "Flow Hooked 2 changed status from DRAFT to PUBLISHED");
  EXPECT_EQ(events[3].value.GetString("new_status"), "DEPRECATED");
}

TEST_F(FlowHandlersTest, ListPagesInCreationOrder) {
  for (int i = 0; i < 5; ++i) CreateId("F" + std::to_string(i));
  Reply first = env_.Get(std::string(kList) + "?id=" + kFixtureWabaId + "&maxResults=3");
  ASSERT_EQ(first.status(), 200) << first.http.body;
  ASSERT_EQ(first.json.Get("flows")->AsList().size(), 3u);
  EXPECT_EQ(first.json.Get("flows")->AsList()[0].GetString("flowName"), "F0");
  EXPECT_EQ(WriteJson(*first.json.Get("flows")->AsList()[0].Get("flowCategories")),
            R"(["SURVEY"])");
  std::string token = *first.json.GetString("nextToken");
  Reply second =
      env_.Get(std::string(kList) + "?id=" + kFixtureWabaId + "&maxResults=3&nextToken=" + token);
  ASSERT_EQ(second.json.Get("flows")->AsList().size(), 2u);
  EXPECT_EQ(second.json.Get("flows")->AsList()[0].GetString("flowName"), "F3");
  EXPECT_EQ(second.json.Get("nextToken"), nullptr);
}

TEST_F(FlowHandlersTest, AssetLinkServesTheStoredJsonUntilReplaced) {
  std::string id = CreateId("Assets", kValidJson);
  Reply list = env_.Get(std::string(kAssets) + "?id=" + kFixtureWabaId + "&flowId=" + id);
  ASSERT_EQ(list.status(), 200) << list.http.body;
  const Value& asset = list.json.Get("flowAssets")->AsList().at(0);
  EXPECT_EQ(asset.GetString("name"), "flow.json");
  EXPECT_EQ(asset.GetString("assetType"), "FLOW_JSON");
  std::string path = PathOf(*asset.GetString("downloadUrl"));
  Reply download = env_.Get(path);
  EXPECT_EQ(download.status(), 200);
  EXPECT_EQ(download.http.body, kValidJson);
  ASSERT_EQ(
      PostFlow(kAssetsUpdate, id, Value::Object().Set("flowJson", Base64Encode("{}"))).status(),
      200);
  EXPECT_EQ(env_.Get(path).status(), 404);
}

TEST_F(FlowHandlersTest, PreviewPageEscapesTheFlowAndExpiresOnTheClock) {
  std::string id = CreateId("Preview", kValidJson);
  Reply preview = env_.Get(std::string(kPreview) + "?id=" + kFixtureWabaId + "&flowId=" + id);
  ASSERT_EQ(preview.status(), 200) << preview.http.body;
  std::string path = PathOf(*preview.json.Get("preview")->GetString("previewUrl"));
  Reply page = env_.Get(path);
  ASSERT_EQ(page.status(), 200);
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.http.body.find("<h2>Question</h2>"), std::string::npos);
  EXPECT_NE(page.http.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(page.http.body.find("<script>"), std::string::npos);
  EXPECT_NE(page.http.body.find("Bye &amp; thanks"), std::string::npos);
  EXPECT_NE(
      page.http.body.find("<button disabled>Finish</button> <small>(completes the flow)</small>"),
      std::string::npos);
  EXPECT_NE(page.http.body.find("<button disabled>Next</button> <small>(next: <a "
                                "href=\"#screen-DONE\">DONE</a>)</small>"),
            std::string::npos);

  env_.AdvanceClock(30 * kDayMs);
  EXPECT_EQ(env_.Get(path).status(), 410);
  Reply renewed = env_.Get(std::string(kPreview) + "?id=" + kFixtureWabaId + "&flowId=" + id);
  EXPECT_EQ(renewed.json.Get("preview")->GetString("expiresAt"), "2026-03-02T00:00:00+0000");
  EXPECT_EQ(env_.Get(PathOf(*renewed.json.Get("preview")->GetString("previewUrl"))).status(), 200);
}

TEST_F(FlowHandlersTest, AReaderHandsANewPreviewToTheWriter) {
  std::string id = CreateId("Reader", kValidJson);
  Services read_only = env_.services();
  read_only.read_only = true;
  RequestContext ctx{DefaultPartition(), "req", read_only, "http://h:1"};
  Value input = Value::Object().Set("id", kFixtureWabaId).Set("flowId", id);
  // A valid preview is answered on the reader.
  Result<Value> current = GetWhatsAppFlowPreview(ctx, input);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->Get("preview")->GetString("previewUrl")->rfind("http://h:1/_socialite/", 0),
            0u);
  // invalidate=true needs a write: the reader asks for the writer and changes nothing.
  input.Set("invalidate", true);
  Result<Value> fresh = GetWhatsAppFlowPreview(ctx, input);
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code, ErrorCode::kNeedsWriter);
  auto stored = storage::FlowStore(env_.db()).FindById(DefaultPartition(), kFixtureWabaId, id);
  EXPECT_EQ(FlowPreviewUrl("http://h:1", *stored.value()),
            *current->Get("preview")->GetString("previewUrl"));
}

TEST_F(FlowHandlersTest, FlowsBelongToTheirPartitionAndGoWithTheWaba) {
  std::string id = CreateId("Mine");
  EXPECT_EQ(GetFlow(id, kOtherPartitionAuth).ErrorType(), "ResourceNotFoundException");
  ASSERT_EQ(
      env_.Delete(std::string("/v1/whatsapp/waba/disassociate?id=") + kFixtureWabaId).status(),
      200);
  EXPECT_FALSE(storage::FlowStore(env_.db())
                   .FindById(DefaultPartition(), kFixtureWabaId, id)
                   .value()
                   .has_value());
}

TEST_F(FlowHandlersTest, HealthMonitoringByHandStepsThroughThrottled) {
  std::string plain = CreateId("Plain", kValidJson, /*publish=*/true);
  Reply refused = env_.Post("/_socialite/flows/" + plain + "/status", R"({"status":"BLOCKED"})");
  EXPECT_EQ(refused.status(), 409);
  EXPECT_EQ(refused.json.GetString("error"),
            "Flow " + plain + " has no endpointUri; Meta throttles and blocks only endpoint flows");

  Value body = Value::Object();
  body.Set("id", kFixtureWabaId);
  body.Set("flowName", "Endpoint");
  body.Set("categories", Value(ValueList{Value("OTHER")}));
  body.Set("flowJson", Base64Encode(kValidJson));
  body.Set("publish", true);
  body.Set("endpointUri", "https://example.com/endpoint");
  Reply created = env_.Post(kCreate, testing::Json(body));
  ASSERT_EQ(created.status(), 200) << created.http.body;
  std::string id = *created.json.GetString("flowId");
  Reply blocked = env_.Post("/_socialite/flows/" + id + "/status", R"({"status":"BLOCKED"})");
  ASSERT_EQ(blocked.status(), 200) << blocked.http.body;
  EXPECT_EQ(blocked.json.GetString("status"), "BLOCKED");
  Reply get = GetFlow(id);
  EXPECT_EQ(get.json.GetString("flowStatus"), "BLOCKED");
  EXPECT_EQ(get.json.Get("healthStatus")->GetString("canSendMessage"), "BLOCKED");
  ExpectError(PostFlow(kDeprecate, id), 400, "InvalidParametersException",
              "(#139003) Flow can't be deprecated: can't deprecate an unpublished flow; flow " +
                  id + " is BLOCKED and only PUBLISHED flows can be deprecated");
  ASSERT_EQ(env_.Post("/_socialite/flows/" + id + "/status", R"({"status":"THROTTLED"})").status(),
            200);
  EXPECT_EQ(GetFlow(id).json.Get("healthStatus")->GetString("canSendMessage"), "LIMITED");

  std::vector<std::string> changes;
  for (const auto& e : env_.Events("flow_status")) {
    if (e.value.GetString("flow_id") == id && e.value.Get("old_status") != nullptr) {
      changes.push_back(*e.value.GetString("old_status") + ">" + *e.value.GetString("new_status"));
    }
  }
  EXPECT_EQ(changes, (std::vector<std::string>{"DRAFT>PUBLISHED", "PUBLISHED>THROTTLED",
                                               "THROTTLED>BLOCKED", "BLOCKED>THROTTLED"}));
  EXPECT_EQ(env_.Post("/_socialite/flows/" + id + "/status", R"({"status":"DRAFT"})").status(),
            400);
  EXPECT_EQ(env_.Post("/_socialite/flows/1/status", R"({"status":"BLOCKED"})").status(), 404);
}

TEST_F(FlowHandlersTest, PublishBlockerNamesEachReason) {
  storage::FlowRecord flow;
  flow.flow_id = "9";
  EXPECT_NE(PublishBlocker(flow, true)->find("no Flow JSON"), std::string::npos);
  flow.flow_json = "{}";
  flow.json_version = "7.3";
  EXPECT_EQ(PublishBlocker(flow, true), std::nullopt);
  EXPECT_NE(PublishBlocker(flow, false)->find("no phone number"), std::string::npos);
  flow.uses_data_exchange = true;
  EXPECT_NE(PublishBlocker(flow, true)->find("endpointUri"), std::string::npos);
  flow.endpoint_uri = "https://example.com";
  EXPECT_EQ(PublishBlocker(flow, true), std::nullopt);
  flow.json_version = "4.0";
  EXPECT_NE(PublishBlocker(flow, true)->find("version '4.0'"), std::string::npos);
  flow.json_version = "7.3";
  flow.validation_errors = {"{}"};
  EXPECT_NE(PublishBlocker(flow, true)->find("1 validation error"), std::string::npos);
  flow.status = storage::kFlowPublished;
  EXPECT_NE(PublishBlocker(flow, true)->find("only DRAFT"), std::string::npos);
}

}  // namespace
}  // namespace socialite
