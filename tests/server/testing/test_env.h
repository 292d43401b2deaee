// TestEnv: the whole API in-process, without sockets — the unit-test seam of DESIGN §5.
// A fresh ":memory:" database with the embedded fixtures loaded, a ManualClock, a counter-based
// IdGenerator, Options (defaults, or the overrides of a TestEnvOptions), the embedded template
// library, a directory object store in a temporary directory (removed with the TestEnv), and
// the ApiDispatcher in front of them. Requests go in as (method, target, body, Authorization)
// and come back with their JSON body parsed.
// Header-only; one TestEnv per test (not shared between threads).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>  // mkdtemp
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/admin/admin_api.h"
#include "server/config/options.h"
#include "server/core/clock.h"
#include "server/core/id_generator.h"
#include "server/core/json.h"
#include "server/dispatch/api_dispatcher.h"
#include "server/exec/state_executor.h"
#include "server/exec/timer_queue.h"
#include "server/exec/worker_pool.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/request_context.h"
#include "server/objectstore/object_store.h"
#include "server/spec/spec_types.h"
#include "server/whatsapp/template_library.h"
#include "storage/database.h"
#include "storage/records.h"
#include "storage/statement.h"

namespace socialite::testing {

// 2026-01-01T00:00:00Z, where every TestEnv clock starts.
inline constexpr int64_t kStartMillis = 1767225600000;
inline constexpr int64_t kHourMillis = 60LL * 60 * 1000;
inline constexpr int64_t kDayMillis = 24 * kHourMillis;

// The default partition and the WABA that fixtures/default.json links in it.
inline constexpr char kDefaultAccount[] = "000000000000";
inline constexpr char kDefaultRegion[] = "us-east-1";
inline constexpr char kFixtureWabaId[] = "waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01";
inline constexpr char kFixtureWabaArn[] =
    "arn:aws:social-messaging:us-east-1:000000000000:waba/5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01";
inline constexpr char kFixtureMetaWabaId[] = "104729384756102";
inline constexpr char kFixtureNumberId[] = "phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11";
inline constexpr char kFixtureNumberArn[] =
    "arn:aws:social-messaging:us-east-1:000000000000:phone-number-id/"
    "7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11";
inline constexpr char kFixtureNumber2Id[] = "phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e12";
// The first fixture number's E.164 phone number.
inline constexpr char kFixtureNumberPhone[] = "+14255550123";
// Fixture Meta accounts that are not linked at start.
inline constexpr char kBakeryToken[] = "EAAsocialiteBakeryToken";
inline constexpr char kBakeryMetaWabaId[] = "104729384756207";
inline constexpr char kTravelToken[] = "EAAsocialiteTravelToken";
inline constexpr char kDemoStoreToken[] = "EAAsocialiteDemoStoreToken";

// A SigV4 Authorization header whose scope names account 111122223333 in eu-west-1.
inline constexpr char kOtherPartitionAuth[] =
    "AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/social-messaging/aws4_request, "
    "SignedHeaders=host, Signature=abc";

// The partition requests without an Authorization header act in.
inline storage::Partition DefaultPartition() { return {kDefaultAccount, kDefaultRegion}; }

// Deterministic ids: the n-th call returns n in hex, left-padded with zeros to `count` digits.
// With `decimal`, n is written in decimal instead (still valid hex digits): Meta-style numeric
// ids (NewMetaId) fold each hex digit modulo 10, so hex counting would repeat them ("0b" and
// "01" both become "01") after a handful of templates or media.
class SequentialIdGenerator : public IdGenerator {
 public:
  explicit SequentialIdGenerator(bool decimal = false) : decimal_(decimal) {}
  std::string Hex(int count) override {
    char digits[21];
    std::snprintf(digits, sizeof(digits), decimal_ ? "%016llu" : "%016llx",
                  static_cast<unsigned long long>(++calls_));
    std::string hex(digits);
    if (static_cast<int>(hex.size()) >= count) return hex.substr(hex.size() - count);
    return std::string(count - hex.size(), '0') + hex;
  }
  uint64_t calls() const { return calls_; }

 private:
  bool decimal_ = false;
  uint64_t calls_ = 0;
};

// What a TestEnv may set up differently from the defaults.
struct TestEnvOptions {
  bool ready = true;                      // the health endpoint reports ready
  std::string template_review = "auto";   // Options::template_review: auto | manual
  int template_review_delay_seconds = 0;  // Options::template_review_delay_seconds
  bool decimal_ids = true;                // SequentialIdGenerator(decimal); see above
  bool manual_clock = true;   // false: the admin API runs as with --clock system (no advance)
  std::string admin_token{};  // Options::admin_token (the dispatcher's own check is set apart)
};

// An HTTP response with its body parsed as JSON (null when the body is not JSON).
struct Reply {
  HttpResponse http;
  Value json;
  bool json_ok = false;

  int status() const { return http.status; }
  std::string Header(std::string_view name) const { return std::string(http.Header(name)); }
  // x-amzn-ErrorType, empty on success.
  std::string ErrorType() const { return Header("x-amzn-ErrorType"); }
  std::string Message() const { return json.GetString("message").value_or(""); }
};

inline Reply MakeReply(HttpResponse http) {
  Reply reply{std::move(http), Value(), false};
  Result<Value> parsed = ParseJson(reply.http.body);
  if (parsed.ok()) {
    reply.json = std::move(parsed).value();
    reply.json_ok = true;
  }
  return reply;
}

// Writes a Value as compact JSON (request bodies built in code).
inline std::string Json(const Value& value) { return WriteJson(value); }

// One row of the events outbox, with its value parsed.
struct EventRow {
  std::string kind;  // status | inbound | template_status | ...
  std::string field;
  std::string waba_id;
  Value value;  // Meta's change value, e.g. {"event":"APPROVED",...}
  int64_t created_ms = 0;
};

// Step 1 of a sign-up, as read back from the response.
struct SignupOffer {
  Reply reply;
  std::string token;                         // associateInProgressToken
  std::string meta_waba_id;                  // the key of linkedAccountsWithIncompleteSetup
  std::string waba_id;                       // the entry's wabaId
  std::vector<std::string> number_ids;       // offered phoneNumberId values
  std::vector<std::string> meta_number_ids;  // offered metaPhoneNumberId values
};

class TestEnv {
 public:
  // `ready`: whether the health endpoint reports ready (the app sets it once listening).
  // Default Options and hex ids, as the tests written before TestEnvOptions expect.
  explicit TestEnv(bool ready = true)
      : TestEnv(TestEnvOptions{.ready = ready, .decimal_ids = false}) {}

  explicit TestEnv(const TestEnvOptions& setup)
      : options_(MakeOptions(setup)),
        clock_(kStartMillis),
        ids_(setup.decimal_ids),
        db_(OpenMemoryDatabase()),
        s3_root_(MakeTempDirectory()),
        library_(LoadLibrary()),
        objects_(objectstore::MakeDirectoryStore(s3_root_)),
        services_{*db_, clock_, ids_, options_, &library_, objects_.get()},
        state_(std::move(exec::StateExecutor::Start(services_, 0)).value()),
        workers_(2, 64),
        admin_(services_, *state_, workers_, std::string(EmbeddedFixtures()),
               AdminHooks{setup.manual_clock ? &clock_ : nullptr,
                          [this] { return run_due_events_ ? run_due_events_() : 0; }, nullptr}),
        dispatcher_(spec::Service(), BuildHandlerTable(), services_, admin_,
                    Executors{*state_, workers_, timers_}) {
    Status loaded = LoadFixtures(services_, EmbeddedFixtures());
    if (!loaded.ok()) {
      std::fprintf(stderr, "TestEnv: fixtures failed to load: %s\n",
                   loaded.error().message.c_str());
      std::abort();
    }
    admin_.SetReady(setup.ready);
  }

  ~TestEnv() {
    std::error_code ignored;
    std::filesystem::remove_all(s3_root_, ignored);
  }
  TestEnv(const TestEnv&) = delete;
  TestEnv& operator=(const TestEnv&) = delete;

  Reply Send(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& authorization = "") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.remote_address = "127.0.0.1";
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
    return MakeReply(HandleAndWait(dispatcher_, std::move(request)));
  }
  Reply Get(const std::string& target, const std::string& authorization = "") {
    return Send("GET", target, "", authorization);
  }
  Reply Post(const std::string& target, const std::string& body,
             const std::string& authorization = "") {
    return Send("POST", target, body, authorization);
  }
  Reply Put(const std::string& target, const std::string& body,
            const std::string& authorization = "") {
    return Send("PUT", target, body, authorization);
  }
  Reply Delete(const std::string& target, const std::string& authorization = "") {
    return Send("DELETE", target, "", authorization);
  }

  // Sign-up step 1 with `access_token`. Fails the test (non-fatally) unless it answers 200.
  SignupOffer StartSignup(const std::string& access_token, const std::string& authorization = "") {
    Value body = Value::Object();
    body.Set("signupCallback", Value::Object().Set("accessToken", access_token));
    SignupOffer offer;
    offer.reply = Post("/v1/whatsapp/signup", Json(body), authorization);
    EXPECT_EQ(offer.reply.status(), 200) << offer.reply.http.body;
    const Value* result = offer.reply.json.Get("signupCallbackResult");
    if (result == nullptr) return offer;
    offer.token = result->GetString("associateInProgressToken").value_or("");
    const Value* accounts = result->Get("linkedAccountsWithIncompleteSetup");
    if (accounts == nullptr || !accounts->is_object() || accounts->AsObject().empty()) {
      return offer;
    }
    const auto& [meta_waba_id, entry] = accounts->AsObject().front();
    offer.meta_waba_id = meta_waba_id;
    offer.waba_id = entry.GetString("wabaId").value_or("");
    if (const Value* numbers = entry.Get("unregisteredWhatsAppPhoneNumbers")) {
      for (const auto& n : numbers->AsList()) {
        offer.number_ids.push_back(n.GetString("phoneNumberId").value_or(""));
        offer.meta_number_ids.push_back(n.GetString("metaPhoneNumberId").value_or(""));
      }
    }
    return offer;
  }

  // Sign-up step 2 linking a new WABA (`waba: {}`) with `number_ids`, all with PIN 123456.
  Reply FinishSignup(const std::string& token, const std::vector<std::string>& number_ids,
                     const std::string& authorization = "") {
    Value numbers = Value::List();
    for (const auto& id : number_ids) {
      numbers.Push(Value::Object().Set("id", id).Set("twoFactorPin", "123456"));
    }
    Value setup = Value::Object();
    setup.Set("associateInProgressToken", token);
    setup.Set("phoneNumbers", std::move(numbers));
    setup.Set("waba", Value::Object());
    Value body = Value::Object();
    body.Set("setupFinalization", std::move(setup));
    return Post("/v1/whatsapp/signup", Json(body), authorization);
  }

  // Both steps with every offered number; returns the linked WABA id ("" on failure).
  std::string LinkWaba(const std::string& access_token, const std::string& authorization = "") {
    SignupOffer offer = StartSignup(access_token, authorization);
    Reply done = FinishSignup(offer.token, offer.number_ids, authorization);
    EXPECT_EQ(done.status(), 200) << done.http.body;
    return done.json.GetString("linkedWhatsAppBusinessAccountId").value_or("");
  }

  // Creates the bucket in the directory object store, as a user creates an S3 bucket.
  void CreateBucket(const std::string& bucket) {
    std::filesystem::create_directories(std::filesystem::path(s3_root_) / bucket);
  }
  // Stores `bytes` as s3://bucket/key in the directory object store, creating the bucket (an
  // empty content type stores none, so readers fall back to the key's extension). Fails the
  // test (non-fatally) when the store refuses.
  void PutObject(const std::string& bucket, const std::string& key, const std::string& bytes,
                 const std::string& content_type = "") {
    CreateBucket(bucket);
    auto stored = objects_->Put(bucket, key, bytes, content_type);
    if (auto* failure = std::get_if<objectstore::ObjectFailure>(&stored)) {
      ADD_FAILURE() << "PutObject s3://" << bucket << "/" << key << ": " << failure->message;
    }
  }
  // The object at s3://bucket/key, or nullopt when there is none.
  std::optional<objectstore::StoredObject> GetObject(const std::string& bucket,
                                                     const std::string& key) {
    auto fetched = objects_->Get(bucket, key);
    if (auto* object = std::get_if<objectstore::StoredObject>(&fetched)) return *object;
    return std::nullopt;
  }

  // The events outbox in append order; only events of `kind` when it is not empty. `value` is
  // the value of the first change of Meta's webhook entry inside the AWS envelope.
  std::vector<EventRow> Events(const std::string& kind = "") {
    storage::Statement rows(*db_,
                            "SELECT kind, field, waba_id, envelope_json, created_ms FROM events "
                            "JOIN event_envelopes ON event_seq = seq WHERE ?1 = '' OR kind = ?1 "
                            "ORDER BY seq");
    rows.Bind(1, kind);
    std::vector<EventRow> out;
    while (rows.Step()) {
      Value value;
      Result<Value> envelope = ParseJson(rows.Text(3));
      std::string entry_text =
          envelope.ok() ? envelope->GetString("whatsAppWebhookEntry").value_or("") : "";
      Result<Value> entry = ParseJson(entry_text);
      const Value* changes = entry.ok() ? entry->Get("changes") : nullptr;
      if (changes != nullptr && changes->is_list() && !changes->AsList().empty() &&
          changes->AsList()[0].Get("value") != nullptr) {
        value = *changes->AsList()[0].Get("value");
      } else {
        ADD_FAILURE() << "event without an entry change: " << rows.Text(3);
      }
      out.push_back(EventRow{rows.Text(0), rows.Text(1), rows.Text(2), value, rows.Int(4)});
    }
    EXPECT_TRUE(rows.status().ok()) << rows.status().error().message;
    return out;
  }

  // What POST /_socialite/clock/advance runs after advancing (the app: EventDispatcher::RunDue).
  void SetRunDueEvents(std::function<int()> run) { run_due_events_ = std::move(run); }
  // The writer the API dispatcher and admin endpoints use (for an EventDispatcher of this env).
  // The test's own thread may use db() and services() directly between requests.
  exec::StateExecutor& state() { return *state_; }
  Executors executors() { return Executors{*state_, workers_, timers_}; }
  exec::WorkerPool& workers() { return workers_; }
  ManualClock& clock() { return clock_; }
  void AdvanceClock(int64_t millis) { clock_.Advance(millis); }
  SequentialIdGenerator& ids() { return ids_; }
  Services& services() { return services_; }
  // Mutable: Services holds a reference, so a change applies to the next request.
  Options& options() { return options_; }
  const whatsapp::TemplateLibrary& library() const { return library_; }
  objectstore::ObjectStore& objects() { return *objects_; }
  // The directory object store's root (bucket = subdirectory).
  const std::string& s3_root() const { return s3_root_; }
  storage::Database& db() { return *db_; }
  AdminApi& admin() { return admin_; }
  ApiDispatcher& dispatcher() { return dispatcher_; }

 private:
  static Options MakeOptions(const TestEnvOptions& setup) {
    Options options;
    options.template_review = setup.template_review;
    options.template_review_delay_seconds = setup.template_review_delay_seconds;
    options.admin_token = setup.admin_token;
    return options;
  }

  static whatsapp::TemplateLibrary LoadLibrary() {
    auto library = whatsapp::TemplateLibrary::Parse(EmbeddedTemplateLibrary());
    if (!library.ok()) {
      std::fprintf(stderr, "TestEnv: template library failed to load: %s\n",
                   library.error().message.c_str());
      std::abort();
    }
    return std::move(library).value();
  }

  static std::string MakeTempDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "socialite-test-s3-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("TestEnv: mkdtemp");
      std::abort();
    }
    return pattern;
  }

  static std::unique_ptr<storage::Database> OpenMemoryDatabase() {
    auto db = storage::Database::Open(":memory:");
    if (!db.ok()) {
      std::fprintf(stderr, "TestEnv: cannot open :memory: database: %s\n",
                   db.error().message.c_str());
      std::abort();
    }
    return std::move(db).value();
  }

  Options options_;
  ManualClock clock_;
  SequentialIdGenerator ids_;
  std::unique_ptr<storage::Database> db_;
  std::string s3_root_;
  whatsapp::TemplateLibrary library_;
  std::unique_ptr<objectstore::ObjectStore> objects_;
  Services services_;
  std::unique_ptr<exec::StateExecutor> state_;  // the writer thread; no readers on :memory:
  exec::TimerQueue timers_;
  exec::WorkerPool workers_;
  std::function<int()> run_due_events_;
  AdminApi admin_;
  ApiDispatcher dispatcher_;
};

}  // namespace socialite::testing
