// libFuzzer target: the whole request pipeline behind RequestHandler::Handle — routing, query
// and JSON binding, validation, handlers, storage, the admin API, serialization — on arbitrary
// requests, with the invariants every response must keep.
//
// Input: one to four requests separated by a line "~~~" ("\n~~~\n"). Each request is text
// shaped like HTTP/1.1, but lenient and binary-safe:
//
//   METHOD SP TARGET LF          (no space: the whole line is the method, the target is "/")
//   Name: value LF               (zero or more headers; a line without ':' is skipped)
//   LF                           (an empty line ends the headers)
//   BODY                         (everything up to the next separator, any bytes)
//
// A trailing CR on the request line and header lines is dropped, and bytes Beast's parser would
// refuse are dropped too (non-token bytes in the method and header names, controls, spaces and
// DEL in the target, controls in header values), so every finding is reachable over HTTP.
// Every input starts from the same state: the database as it was right after the embedded
// fixtures were loaded (a snapshot copied back), the manual clock at 2026-01-01T00:00:00Z, the
// id counter at zero (so a later request can name an id an earlier one created), no status
// rules, and the same few objects in the object store. A finding reproduces from its file:
//   build-fuzz/tests/fuzz/request_pipeline_fuzzer crash-<sha1>
// With SOCIALITE_FUZZ_TRACE set, each request line and its status and body go to stderr (handy
// for writing seeds that chain requests).
//
// Invariants (a violation prints the request and the response and aborts):
//   - no exception escapes Handle;
//   - the status is 200..599 and every response carries a non-empty x-amzn-RequestId;
//   - a response body, when not empty, is JSON our own parser accepts (valid UTF-8 included);
//   - an AWS-side 4xx/5xx carries x-amzn-ErrorType and a JSON object body with "__type" equal
//     to it and a string "message"; an admin-side (/_socialite/...) 4xx/5xx is a JSON object
//     with a string "error" (or "status", the health check's 503).
#include <sqlite3.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "server/admin/admin_api.h"
#include "server/config/options.h"
#include "server/core/clock.h"
#include "server/core/id_generator.h"
#include "server/core/json.h"
#include "server/core/sha256.h"
#include "server/dispatch/api_dispatcher.h"
#include "server/events/status_rules.h"
#include "server/exec/state_executor.h"
#include "server/exec/timer_queue.h"
#include "server/exec/worker_pool.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/request_context.h"
#include "server/objectstore/object_store.h"
#include "server/objectstore/sigv4.h"
#include "server/ops/access_log.h"
#include "server/ops/request_journal.h"
#include "server/protocol/router.h"
#include "server/spec/spec_types.h"
#include "server/whatsapp/template_library.h"
#include "storage/database.h"
#include "tests/fuzz/printable.h"

namespace {

using namespace socialite;

constexpr int64_t kStartMillis = 1767225600000;  // 2026-01-01T00:00:00Z, as in TestEnv
constexpr size_t kMaxRequests = 4;
constexpr std::string_view kSeparator = "\n~~~\n";

// Deterministic ids: the n-th call returns n, in decimal digits (valid hex), left-padded.
class CountingIds : public IdGenerator {
 public:
  std::string Hex(int count) override {
    std::string digits = std::to_string(++calls_);
    if (static_cast<int>(digits.size()) >= count) return digits.substr(digits.size() - count);
    return std::string(count - digits.size(), '0') + digits;
  }
  void Restart() { calls_ = 0; }

 private:
  uint64_t calls_ = 0;
};

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "request_pipeline_fuzzer: setup failed: %s\n", what);
  std::abort();
}

// Objects the contract tests read from S3, so media paths can reach their happy end.
struct SeedObject {
  const char* bucket;
  const char* key;
  std::string bytes;
  const char* content_type;
};

std::vector<SeedObject> SeedObjects() {
  // Minimal but well-formed magic numbers; the server goes by Content-Type or extension.
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  std::string jpeg("\xff\xd8\xff\xe0\0\x10JFIF\0", 11);
  std::string pdf = "%PDF-1.4\n%%EOF\n";
  std::string mp4(
      "\0\0\0\x18"
      "ftypmp42",
      12);
  return {
      {"media", "up/photo.png", png, ""},      {"media", "photo.jpg", jpeg, "image/jpeg"},
      {"media", "a.png", png, "image/png"},    {"media", "docs/report.pdf", pdf, ""},
      {"media", "clip.mp4", mp4, "video/mp4"}, {"media", "up/archive.zip", "PK\x03\x04", ""},
  };
}

struct Env {
  Env()
      : clock(kStartMillis),
        db(OpenDatabase()),
        s3_root(MakeTempDirectory()),
        library(LoadLibrary()),
        objects(objectstore::MakeDirectoryStore(s3_root)),
        services{*db, clock, ids, options, &library, objects.get(), &rules, &delays, {}},
        state(std::move(exec::StateExecutor::Start(services, 0)).value()),
        workers(1, 16),
        access_log(null_stream, ops::LogLevel::kDebug),
        admin(services, *state, workers, std::string(EmbeddedFixtures()),
              AdminHooks{.manual_clock = &clock, .journal = &journal}),
        dispatcher(spec::Service(), BuildHandlerTable(), services, admin,
                   Executors{*state, workers, timers},
                   Operability{.access_log = &access_log, .journal = &journal}) {
    admin.SetReady(true);
    WarmUpThreads();
    SeedStore();
    // The state every input starts from: fixtures loaded, kept as a snapshot. Copying it back
    // (SQLite's backup API) is several times quicker than wiping and loading the fixtures, and
    // it also restores AUTOINCREMENT counters, which a wipe keeps.
    Status reset = admin.Reset();
    if (!reset.ok()) Die(reset.error().message.c_str());
    if (sqlite3_open(":memory:", &pristine) != SQLITE_OK) Die("sqlite3_open");
    CopyDatabase(db->handle(), pristine);
  }

  // OpenSSL keeps some state per thread, allocated on a thread's first hash or HMAC and freed
  // only when the thread ends. Handlers run on the writer and the worker, which outlive every
  // input: let them allocate it now, so that LeakSanitizer does not charge it to an input.
  void WarmUpThreads() {
    auto hash = [] {
      (void)Sha256Hex("warm-up");
      objectstore::SigningRequest request{
          "GET", "/", {}, {{"host", "localhost"}}, "UNSIGNED-PAYLOAD"};
      (void)objectstore::Signature(request, {"AKID", "secret", "us-east-1", "s3"},
                                   "20260101T000000Z");
    };
    Status written = state->Write([&](Services&) {
      hash();
      return Status();
    });
    if (!written.ok()) Die(written.error().message.c_str());
    std::promise<void> done;
    if (!workers.Post([&] {
          hash();
          done.set_value();
        })) {
      Die("worker pool");
    }
    done.get_future().wait();
  }

  ~Env() {
    sqlite3_close(pristine);
    std::error_code ignored;
    std::filesystem::remove_all(s3_root, ignored);
  }

  // Back to the state every input starts from.
  // Runs between inputs, while the writer waits for work.
  void Restart() {
    clock.Set(kStartMillis);
    ids.Restart();
    rules.Set({});
    journal.Clear();
    CopyDatabase(pristine, db->handle());
    if (StoreChanged()) SeedStore();
  }

  static void CopyDatabase(sqlite3* from, sqlite3* to) {
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (backup == nullptr) Die(sqlite3_errmsg(to));
    int step = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE) Die(sqlite3_errstr(step));
  }

  static std::unique_ptr<storage::Database> OpenDatabase() {
    auto opened = storage::Database::Open(":memory:");
    if (!opened.ok()) Die(opened.error().message.c_str());
    return std::move(opened).value();
  }
  static whatsapp::TemplateLibrary LoadLibrary() {
    auto library = whatsapp::TemplateLibrary::Parse(EmbeddedTemplateLibrary());
    if (!library.ok()) Die(library.error().message.c_str());
    return std::move(library).value();
  }
  static std::string MakeTempDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "socialite-fuzz-s3-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) Die("mkdtemp");
    return pattern;
  }

  size_t CountFiles() const {
    std::error_code ec;
    size_t files = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(s3_root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      ++files;
    }
    return files;
  }
  bool StoreChanged() const { return CountFiles() != seeded_entries; }

  void SeedStore() {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(s3_root, ignored)) {
      std::filesystem::remove_all(entry.path(), ignored);
    }
    // The buckets the contract tests create; a write never creates one (S3's NoSuchBucket).
    for (const char* bucket : {"media", "copies"}) {
      std::filesystem::create_directories(std::filesystem::path(s3_root) / bucket, ignored);
    }
    for (const auto& object : SeedObjects()) {
      auto stored = objects->Put(object.bucket, object.key, object.bytes, object.content_type);
      if (std::holds_alternative<objectstore::ObjectFailure>(stored)) Die("seeding the store");
    }
    seeded_entries = CountFiles();
  }

  Options options;
  ManualClock clock;
  CountingIds ids;
  events::RuleBook rules;
  events::StatusDelays delays;
  std::unique_ptr<storage::Database> db;
  std::string s3_root;
  whatsapp::TemplateLibrary library;
  std::unique_ptr<objectstore::ObjectStore> objects;
  Services services;
  std::unique_ptr<exec::StateExecutor> state;  // the writer thread (no readers on :memory:)
  exec::TimerQueue timers;
  exec::WorkerPool workers;
  // As in the server: every request is logged (here into a stream that drops it) and kept in
  // the journal (redacted input). No fault injector: its latency rules would only make the
  // fuzzer sleep.
  std::ostream null_stream{nullptr};
  ops::AccessLog access_log;
  ops::RequestJournal journal;
  AdminApi admin;
  ApiDispatcher dispatcher;
  size_t seeded_entries = 0;
  sqlite3* pristine = nullptr;
};

Env* env = nullptr;

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Takes the next line (without its LF) off the front of `text`; false when `text` is empty.
bool NextLine(std::string_view& text, std::string_view& line, bool& had_newline) {
  if (text.empty()) return false;
  size_t end = text.find('\n');
  had_newline = end != std::string_view::npos;
  line = text.substr(0, end);
  text.remove_prefix(had_newline ? end + 1 : text.size());
  return true;
}

// What Beast's parser lets through to the dispatcher, so that findings are reachable over the
// network: a method and header names are tokens (RFC 9110 tchar), the target has no controls,
// spaces or DEL (bytes >= 0x80 pass), header values no controls but tab.
bool IsTchar(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}
std::string Keep(std::string_view text, bool (*keep)(unsigned char)) {
  std::string out;
  for (char c : text) {
    if (keep(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}
bool IsTargetChar(unsigned char c) { return c > 0x20 && c != 0x7f; }
bool IsValueChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

HttpRequest DecodeRequest(std::string_view text) {
  HttpRequest request;
  request.remote_address = "127.0.0.1";
  std::string_view line;
  bool newline = false;
  if (!NextLine(text, line, newline)) {
    request.method = "GET";
    request.target = "/";
    return request;
  }
  line = StripCr(line);
  size_t space = line.find(' ');
  request.method = Keep(line.substr(0, space), IsTchar);
  if (request.method.empty()) request.method = "GET";
  request.target =
      space == std::string_view::npos ? "/" : Keep(line.substr(space + 1), IsTargetChar);
  if (request.target.empty()) request.target = "/";
  while (newline && NextLine(text, line, newline)) {
    line = StripCr(line);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    std::string name = Keep(line.substr(0, colon), IsTchar);
    if (name.empty()) continue;
    request.headers.emplace_back(std::move(name), Keep(value, IsValueChar));
  }
  request.body = std::string(text);
  return request;
}

std::vector<HttpRequest> DecodeInput(std::string_view input) {
  std::vector<HttpRequest> requests;
  while (requests.size() < kMaxRequests) {
    size_t cut = input.find(kSeparator);
    requests.push_back(DecodeRequest(input.substr(0, cut)));
    if (cut == std::string_view::npos) break;
    input.remove_prefix(cut + kSeparator.size());
  }
  return requests;
}

[[noreturn]] void Violation(const std::string& what, const HttpRequest& request,
                            const HttpResponse* response) {
  std::fprintf(stderr, "\n=== request_pipeline_fuzzer: INVARIANT VIOLATED: %s\n", what.c_str());
  std::fprintf(stderr, "request: %s %s\n", Printable(request.method).c_str(),
               Printable(request.target).c_str());
  for (const auto& [name, value] : request.headers) {
    std::fprintf(stderr, "  %s: %s\n", Printable(name).c_str(), Printable(value).c_str());
  }
  std::fprintf(stderr, "  body: %s\n", Printable(request.body).c_str());
  if (response != nullptr) {
    std::fprintf(stderr, "response: %d\n", response->status);
    for (const auto& [name, value] : response->headers) {
      std::fprintf(stderr, "  %s: %s\n", Printable(name).c_str(), Printable(value).c_str());
    }
    std::fprintf(stderr, "  body: %s\n", Printable(response->body).c_str());
  }
  std::abort();
}

bool IsAdminRequest(const HttpRequest& request) {
  Result<protocol::Target> target = protocol::ParseTarget(request.target);
  return target.ok() && AdminApi::Owns(target->path);
}

void CheckResponse(const HttpRequest& request, const HttpResponse& response) {
  if (response.status < 200 || response.status > 599) {
    Violation("status outside 200..599", request, &response);
  }
  if (response.Header("x-amzn-RequestId").empty()) {
    Violation("no x-amzn-RequestId", request, &response);
  }
  Value body;
  bool json = false;
  if (!response.body.empty()) {
    Result<Value> parsed = ParseJson(response.body);
    if (!parsed.ok()) {
      Violation("body is not JSON our parser accepts: " + parsed.error().message, request,
                &response);
    }
    body = std::move(parsed).value();
    json = true;
  }
  if (response.status < 400) return;
  if (!json || !body.is_object()) Violation("error body is not a JSON object", request, &response);
  if (IsAdminRequest(request)) {
    bool has_error = body.GetString("error").has_value();
    bool has_status = body.GetString("status").has_value();
    if (!has_error && !has_status) {
      Violation("admin error without \"error\" (or \"status\")", request, &response);
    }
    return;
  }
  std::string_view error_type = response.Header("x-amzn-ErrorType");
  if (error_type.empty()) Violation("error without x-amzn-ErrorType", request, &response);
  std::optional<std::string> type = body.GetString("__type");
  if (!type) Violation("error body without a string __type", request, &response);
  if (*type != error_type) Violation("__type differs from x-amzn-ErrorType", request, &response);
  if (!body.GetString("message"))
    Violation("error body without a string message", request, &response);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  env = new Env();  // lives for the whole run; its temp dir is removed by atexit below
  std::atexit([] {
    delete env;
    env = nullptr;
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static const bool trace = std::getenv("SOCIALITE_FUZZ_TRACE") != nullptr;
  env->Restart();
  for (const HttpRequest& request : DecodeInput(input)) {
    HttpResponse response;
    try {
      response = HandleAndWait(env->dispatcher, request);
    } catch (const std::exception& e) {
      Violation(std::string("exception escaped Handle: ") + e.what(), request, nullptr);
    } catch (...) {
      Violation("non-std exception escaped Handle", request, nullptr);
    }
    if (trace) {
      std::fprintf(stderr, "> %s %s\n< %d %s\n", Printable(request.method).c_str(),
                   Printable(request.target).c_str(), response.status,
                   Printable(response.body).c_str());
    }
    CheckResponse(request, response);
  }
  return 0;
}
