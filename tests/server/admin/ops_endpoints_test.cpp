// GET/DELETE /_socialite/requests and PUT/GET/DELETE /_socialite/faults through a dispatcher
// that has the journal, the fault injector and the access log wired in.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "server/admin/admin_api.h"
#include "server/dispatch/api_dispatcher.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/handler_table.h"
#include "server/ops/access_log.h"
#include "server/ops/fault_injector.h"
#include "server/ops/request_journal.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kBakeryToken;
using testing::kFixtureWabaId;
using testing::Reply;
using testing::TestEnv;

// TestEnv's services (database, fixtures, manual clock) behind a second AdminApi and
// ApiDispatcher that carry the operability parts TestEnv leaves out.
class OpsEnv {
 public:
  OpsEnv()
      : access_log_(log_text_, ops::LogLevel::kInfo),
        faults_(spec::Service(), /*seed=*/1),
        admin_(env_.services(), env_.state(), env_.workers(), std::string(EmbeddedFixtures()),
               Hooks()),
        dispatcher_(spec::Service(), BuildHandlerTable(), env_.services(), admin_, env_.executors(),
                    Parts()) {
    admin_.SetReady(true);
  }

  AdminHooks Hooks() {
    AdminHooks hooks;
    hooks.manual_clock = &env_.clock();
    hooks.journal = &journal_;
    hooks.faults = &faults_;
    return hooks;
  }
  Operability Parts() {
    Operability parts;
    parts.access_log = &access_log_;
    parts.journal = &journal_;
    parts.faults = &faults_;
    return parts;
  }

  Reply Send(const std::string& method, const std::string& target, const std::string& body = "") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.remote_address = "127.0.0.1";
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    return testing::MakeReply(HandleAndWait(dispatcher_, std::move(request)));
  }
  Reply GetWaba(const std::string& id = kFixtureWabaId) {
    return Send("GET", "/v1/whatsapp/waba/details?id=" + id);
  }
  // The journal as GET /_socialite/requests answers it (with `query`, e.g. "?status=200").
  std::vector<Value> Requests(const std::string& query = "") {
    Reply reply = Send("GET", "/_socialite/requests" + query);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    const Value* list = reply.json.Get("requests");
    return list != nullptr && list->is_list() ? list->AsList() : std::vector<Value>{};
  }
  std::vector<std::string> LogLines() const {
    std::vector<std::string> lines;
    std::istringstream in(log_text_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  TestEnv env_;
  std::ostringstream log_text_;
  ops::AccessLog access_log_;
  ops::RequestJournal journal_;
  ops::FaultInjector faults_;
  AdminApi admin_;
  ApiDispatcher dispatcher_;
};

std::string ErrorOf(const Reply& reply) { return reply.json.GetString("error").value_or(""); }

TEST(OpsEndpointsTest, TheJournalShowsApiRequestsButNotAdminOnes) {
  OpsEnv ops;
  Reply api = ops.GetWaba();
  ASSERT_EQ(api.status(), 200) << api.http.body;
  EXPECT_EQ(ops.Send("GET", "/_socialite/health").status(), 200);

  Reply reply = ops.Send("GET", "/_socialite/requests");
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.http.body,
            R"({"requests":[{"sequence":1,"time":"2026-01-01T00:00:00.000Z","requestId":")" +
                api.Header("x-amzn-RequestId") +
                R"(","method":"GET","path":"/v1/whatsapp/waba/details",)"
                R"("operation":"GetLinkedWhatsAppBusinessAccount","account":"000000000000",)"
                R"("region":"us-east-1","input":{"id":")" +
                kFixtureWabaId + R"("},"status":200}],"capacity":1000})");
}

TEST(OpsEndpointsTest, ErrorsAreJournaledWithTypeAndMessage) {
  OpsEnv ops;
  Reply missing = ops.GetWaba("waba-00000000000000000000000000000000");
  ASSERT_EQ(missing.status(), 404);
  std::vector<Value> requests = ops.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].GetInt("status"), 404);
  const Value* error = requests[0].Get("error");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->GetString("type"), "ResourceNotFoundException");
  EXPECT_EQ(error->GetString("message"), missing.Message());

  // No route: no operation, still journaled.
  EXPECT_EQ(ops.Send("GET", "/v1/nothing/here").status(), 404);
  requests = ops.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].GetString("operation"), "");
  EXPECT_EQ(requests[0].Get("error")->GetString("type"), "UnknownOperationException");
  EXPECT_TRUE(requests[0].Get("input")->is_null());
}

TEST(OpsEndpointsTest, SensitiveInputIsRedacted) {
  OpsEnv ops;
  Value start = Value::Object();
  start.Set("signupCallback", Value::Object().Set("accessToken", kBakeryToken));
  Reply offer = ops.Send("POST", "/v1/whatsapp/signup", testing::Json(start));
  ASSERT_EQ(offer.status(), 200) << offer.http.body;
  const Value* result = offer.json.Get("signupCallbackResult");
  ASSERT_NE(result, nullptr);
  std::string token = result->GetString("associateInProgressToken").value_or("");
  const auto& [meta_waba_id, account] =
      result->Get("linkedAccountsWithIncompleteSetup")->AsObject().front();
  std::string number_id = account.Get("unregisteredWhatsAppPhoneNumbers")
                              ->AsList()[0]
                              .GetString("phoneNumberId")
                              .value_or("");

  Value finish = Value::Object();
  finish.Set("setupFinalization",
             Value::Object()
                 .Set("associateInProgressToken", token)
                 .Set("phoneNumbers",
                      Value::List().Push(
                          Value::Object().Set("id", number_id).Set("twoFactorPin", "123456")))
                 .Set("waba", Value::Object()));
  Reply done = ops.Send("POST", "/v1/whatsapp/signup", testing::Json(finish));
  ASSERT_EQ(done.status(), 200) << done.http.body;

  std::vector<Value> requests = ops.Requests("?operation=AssociateWhatsAppBusinessAccount");
  ASSERT_EQ(requests.size(), 2u);
  // Newest first: step 2, whose PIN and in-progress token are sensitive in the spec.
  EXPECT_EQ(WriteJson(*requests[0].Get("input")),
            R"({"setupFinalization":{"associateInProgressToken":"***","phoneNumbers":[{"id":")" +
                number_id + R"(","twoFactorPin":"***"}],"waba":{}}})");
  // Step 1's access token is not marked sensitive, so the journal shows it.
  EXPECT_EQ(WriteJson(*requests[1].Get("input")),
            std::string(R"({"signupCallback":{"accessToken":")") + kBakeryToken + R"("}})");
  EXPECT_EQ(done.http.body.find("123456"), std::string::npos);
}

TEST(OpsEndpointsTest, FiltersAndLimit) {
  OpsEnv ops;
  ops.GetWaba();                                         // 1: 200
  ops.GetWaba("waba-00000000000000000000000000000000");  // 2: 404
  ops.env_.AdvanceClock(5000);                           // now +5 s
  ops.Send("GET", "/v1/tags/list?resourceArn=" + std::string(testing::kFixtureWabaArn));  // 3
  ops.GetWaba();                                                                          // 4: 200

  auto sequences = [&](const std::string& query) {
    std::vector<int64_t> out;
    for (const Value& entry : ops.Requests(query)) out.push_back(*entry.GetInt("sequence"));
    return out;
  };
  EXPECT_EQ(sequences(""), (std::vector<int64_t>{4, 3, 2, 1}));
  EXPECT_EQ(sequences("?operation=GetLinkedWhatsAppBusinessAccount"),
            (std::vector<int64_t>{4, 2, 1}));
  EXPECT_EQ(sequences("?status=404"), (std::vector<int64_t>{2}));
  EXPECT_EQ(sequences("?status=200&operation=ListTagsForResource"), (std::vector<int64_t>{3}));
  EXPECT_EQ(sequences("?since=2026-01-01T00:00:05Z"), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(sequences("?since=2026-01-01T00:00:05.001Z"), (std::vector<int64_t>{}));
  EXPECT_EQ(sequences("?since=1767225605000"), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(sequences("?since=2026-01-01T01%3A00%3A05%2B01%3A00"), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(sequences("?limit=1"), (std::vector<int64_t>{4}));
  EXPECT_EQ(sequences("?limit=1000"), (std::vector<int64_t>{4, 3, 2, 1}));
}

TEST(OpsEndpointsTest, BadQueryValuesAre400) {
  OpsEnv ops;
  struct Case {
    const char* query;
    const char* message;
  };
  for (const Case& c : {
           Case{"?status=abc", "status must be an HTTP status code (100-599), not 'abc'"},
           Case{"?status=42", "status must be an HTTP status code (100-599), not '42'"},
           Case{"?status=", "status must be an HTTP status code (100-599), not ''"},
           Case{"?since=yesterday",
                "since must be an RFC 3339 time (2026-11-22T02:48:22Z) or epoch milliseconds, "
                "not 'yesterday'"},
           Case{"?limit=0", "limit must be 1-1000, not '0'"},
           Case{"?limit=1001", "limit must be 1-1000, not '1001'"},
           Case{"?limit=ten", "limit must be 1-1000, not 'ten'"},
       }) {
    Reply reply = ops.Send("GET", std::string("/_socialite/requests") + c.query);
    EXPECT_EQ(reply.status(), 400) << c.query;
    EXPECT_EQ(ErrorOf(reply), c.message) << c.query;
  }
}

TEST(OpsEndpointsTest, DeleteClearsTheJournal) {
  OpsEnv ops;
  ops.GetWaba();
  ops.GetWaba();
  Reply cleared = ops.Send("DELETE", "/_socialite/requests");
  EXPECT_EQ(cleared.status(), 200);
  EXPECT_EQ(cleared.http.body, R"({"cleared":2})");
  EXPECT_TRUE(ops.Requests().empty());
  EXPECT_EQ(ops.Send("DELETE", "/_socialite/requests").http.body, R"({"cleared":0})");
  EXPECT_EQ(ops.Send("POST", "/_socialite/requests").status(), 405);
}

TEST(OpsEndpointsTest, PutGetAndDeleteFaults) {
  OpsEnv ops;
  EXPECT_EQ(ops.Send("GET", "/_socialite/faults").http.body, R"({"rules":[]})");
  Reply put = ops.Send("PUT", "/_socialite/faults",
                       R"({"rules":[{"operation":"GetLinkedWhatsAppBusinessAccount",)"
                       R"("nextCalls":1,"error":"ThrottledRequestException"}]})");
  ASSERT_EQ(put.status(), 200) << put.http.body;
  const std::string kShown =
      R"({"rules":[{"id":"fault-1","operation":"GetLinkedWhatsAppBusinessAccount",)"
      R"("nextCalls":1,"remainingCalls":1,"error":"ThrottledRequestException",)"
      R"("message":"Injected fault: ThrottledRequestException","latencyMs":0,"fired":0}]})";
  EXPECT_EQ(put.http.body, kShown);
  EXPECT_EQ(ops.Send("GET", "/_socialite/faults").http.body, kShown);

  Reply throttled = ops.GetWaba();
  EXPECT_EQ(throttled.status(), 429);
  EXPECT_EQ(throttled.ErrorType(), "ThrottledRequestException");
  EXPECT_EQ(throttled.Message(), "Injected fault: ThrottledRequestException");
  EXPECT_EQ(ops.Send("GET", "/_socialite/faults").http.body, R"({"rules":[]})");  // retired
  EXPECT_EQ(ops.GetWaba().status(), 200);

  std::vector<Value> requests = ops.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].GetInt("status"), 429);
  EXPECT_EQ(requests[1].Get("error")->GetString("type"), "ThrottledRequestException");

  ASSERT_EQ(ops.Send("PUT", "/_socialite/faults", R"([{"latencyMs":1},{"latencyMs":2}])").status(),
            200);
  EXPECT_EQ(ops.Send("DELETE", "/_socialite/faults").http.body, R"({"cleared":2})");
  EXPECT_EQ(ops.Send("GET", "/_socialite/faults").http.body, R"({"rules":[]})");
}

TEST(OpsEndpointsTest, RefusedFaultsAre400WithTheReason) {
  OpsEnv ops;
  Reply unlisted = ops.Send("PUT", "/_socialite/faults",
                            R"([{"operation":"ListTagsForResource",)"
                            R"("error":"ResourceNotFoundException"}])");
  EXPECT_EQ(unlisted.status(), 400);
  EXPECT_EQ(ErrorOf(unlisted),
            "Fault rule 1: ListTagsForResource does not answer ResourceNotFoundException (its "
            "errors: ValidationException, AccessDeniedException, InvalidParametersException, "
            "ThrottledRequestException, InternalServiceException)");
  Reply empty = ops.Send("PUT", "/_socialite/faults");
  EXPECT_EQ(empty.status(), 400);
  EXPECT_EQ(ErrorOf(empty), R"(The body must be {"rules":[...]} or a list of rules)");
  Reply malformed = ops.Send("PUT", "/_socialite/faults", "{\"rules\":[");
  EXPECT_EQ(malformed.status(), 400);
  EXPECT_FALSE(ErrorOf(malformed).empty());
  EXPECT_EQ(ops.Send("GET", "/_socialite/faults").http.body, R"({"rules":[]})");
}

TEST(OpsEndpointsTest, InjectedLatencyDelaysTheAnswer) {
  OpsEnv ops;
  ASSERT_EQ(ops.Send("PUT", "/_socialite/faults",
                     R"([{"operation":"GetLinkedWhatsAppBusinessAccount","latencyMs":60}])")
                .status(),
            200);
  auto started = std::chrono::steady_clock::now();
  Reply reply = ops.GetWaba();
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(reply.status(), 200);
  EXPECT_GE(elapsed, std::chrono::milliseconds(60));
  std::vector<std::string> lines = ops.LogLines();
  ASSERT_FALSE(lines.empty());
  Result<Value> line = ParseJson(lines.back());
  ASSERT_TRUE(line.ok()) << lines.back();
  EXPECT_GE(line->Get("latencyMs")->AsDouble(), 60.0);
}

TEST(OpsEndpointsTest, TheAccessLogHasOneLinePerRequest) {
  OpsEnv ops;
  std::vector<std::string> ids;
  ids.push_back(ops.GetWaba().Header("x-amzn-RequestId"));
  ids.push_back(ops.Send("GET", "/_socialite/requests").Header("x-amzn-RequestId"));
  ids.push_back(ops.GetWaba("waba-00000000000000000000000000000000").Header("x-amzn-RequestId"));
  std::vector<std::string> lines = ops.LogLines();
  ASSERT_EQ(lines.size(), 3u) << ops.log_text_.str();
  std::vector<std::string> operations;
  for (size_t i = 0; i < lines.size(); ++i) {
    Result<Value> line = ParseJson(lines[i]);
    ASSERT_TRUE(line.ok()) << lines[i];
    EXPECT_EQ(line->GetString("requestId"), ids[i]);
    operations.push_back(line->GetString("operation").value_or("?"));
  }
  EXPECT_EQ(operations, (std::vector<std::string>{"GetLinkedWhatsAppBusinessAccount", "admin",
                                                  "GetLinkedWhatsAppBusinessAccount"}));
  Result<Value> last = ParseJson(lines[2]);
  EXPECT_EQ(last->GetInt("status"), 404);
  EXPECT_EQ(last->GetString("error"), "ResourceNotFoundException");
  EXPECT_EQ(last->GetString("path"), "/v1/whatsapp/waba/details");
}

TEST(OpsEndpointsTest, WithoutAJournalOrFaultsTheEndpointsSaySo) {
  TestEnv env;  // its AdminHooks carry neither
  Reply requests = env.Get("/_socialite/requests");
  EXPECT_EQ(requests.status(), 404);
  EXPECT_EQ(ErrorOf(requests), "The request journal is not enabled in this server");
  Reply faults = env.Put("/_socialite/faults", "[]");
  EXPECT_EQ(faults.status(), 404);
  EXPECT_EQ(ErrorOf(faults), "Fault injection is not enabled in this server");
}

}  // namespace
}  // namespace socialite
