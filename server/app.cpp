#include "server/app.h"

#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "server/admin/admin_api.h"
#include "server/auth/request_authenticator.h"
#include "server/core/json.h"
#include "server/dispatch/api_dispatcher.h"
#include "server/events/event_dispatcher.h"
#include "server/events/sinks/eventbridge_sink.h"
#include "server/events/sinks/sink.h"
#include "server/events/sinks/sns_http_sink.h"
#include "server/events/status_rules.h"
#include "server/exec/state_executor.h"
#include "server/exec/timer_queue.h"
#include "server/exec/worker_pool.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/store_errors.h"
#include "server/live/live_hub.h"
#include "server/objectstore/object_store.h"
#include "server/ops/access_log.h"
#include "server/ops/fault_injector.h"
#include "server/ops/request_journal.h"
#include "server/spec/spec_types.h"
#include "server/whatsapp/template_library.h"
#include "storage/event_store.h"
#include "storage/wal_checkpointer.h"

namespace socialite {
namespace {

constexpr char kManualClockKey[] = "manual_clock_ms";
constexpr char kStatusRulesKey[] = "status_rules";
// Workers wait on S3 endpoints and on event runs; a few suffice, and the queue is bounded.
constexpr int kWorkerThreads = 4;
constexpr size_t kWorkerQueue = 1024;

// The writer and the readers. Opening reader connections fails only when the file went away
// between opening the writer and now; the server then runs its reads on the writer.
std::unique_ptr<exec::StateExecutor> StartExecutor(Services& services, int readers) {
  auto started = exec::StateExecutor::Start(services, readers);
  if (started.ok()) return std::move(started).value();
  std::cerr << "socialite: " << started.error().message << "; reads run on the writer" << std::endl;
  return std::move(exec::StateExecutor::Start(services, 0)).value();
}

// Everything the app owns, built in dependency order by App::Create.
struct Parts {
  Options options;
  std::unique_ptr<storage::Database> db;
  // Declared after `db`, so it stops before the database closes; null for :memory:.
  std::unique_ptr<storage::WalCheckpointer> checkpointer;
  whatsapp::TemplateLibrary library;
  std::unique_ptr<objectstore::ObjectStore> objects;
  events::StatusDelays delays;
  FixtureSettings fixture_settings;
  std::string fixtures_text;
  std::vector<events::WebhookBinding> flag_webhooks;
  std::optional<std::map<std::string, std::string>> credentials;  // --auth verify
};

class RunningApp : public App {
 public:
  explicit RunningApp(Parts parts)
      : parts_(std::move(parts)),
        manual_clock_(parts_.options.clock == "manual"
                          ? std::make_unique<ManualClock>(system_clock_.NowMillis())
                          : nullptr),
        // Scheduled notices follow a system clock by themselves; a manual one's advance runs them.
        // Ids start above this run's start time in microseconds: an id from an earlier run is
        // never mistaken for one of this run.
        live_(std::make_unique<live::LiveHub>(
            manual_clock_ ? static_cast<Clock&>(*manual_clock_) : system_clock_, !manual_clock_,
            static_cast<uint64_t>(system_clock_.NowMillis()) * 1000)),
        services_{*parts_.db, manual_clock_ ? static_cast<Clock&>(*manual_clock_) : system_clock_,
                  ids_, parts_.options, &parts_.library, parts_.objects.get(), &rules_,
                  &parts_.delays,
                  // A nudge once new events are committed (the writer calls it after COMMIT).
                  [this] { events_.Wake(); },
                  /*read_only=*/false,
                  /*state=*/nullptr, live_.get()},
        state_(StartExecutor(services_, parts_.options.readers)),
        workers_(kWorkerThreads, kWorkerQueue),
        router_(parts_.flag_webhooks,
                events::SnsSettings{parts_.options.sns_endpoint, parts_.options.sns_access_key,
                                    parts_.options.sns_secret_key}),
        events_(*state_, services_.clock, router_,
                events::DeliveryPolicy{parts_.options.delivery_attempts,
                                       parts_.options.delivery_backoff_ms}),
        // Request lines are batched (a write per request would cost more than the request).
        access_log_(std::cout, ops::ParseLogLevel(parts_.options.log_level),
                    std::chrono::milliseconds(50)),
        faults_(spec::Service()),
        authenticator_(parts_.credentials
                           ? std::make_unique<auth::RequestAuthenticator>(*parts_.credentials)
                           : nullptr),
        admin_(services_, *state_, workers_, parts_.fixtures_text,
               AdminHooks{manual_clock_.get(),
                          [this] {
                            live_->RunDue();  // what happened by now, before its deliveries
                            return events_.RunDue();
                          },
                          [this] { return ApplyFixtureSettings(); }, &journal_, &faults_,
                          [this] { events_.BeginReset(); }, [this] { events_.EndReset(); },
                          [this] { return sns_http_.get(); }, live_.get()}),
        dispatcher_(spec::Service(), BuildHandlerTable(), services_, admin_,
                    Executors{*state_, workers_, timers_},
                    Operability{&access_log_, &journal_, &faults_, authenticator_.get(),
                                parts_.options.admin_token, parts_.options.admin_loopback_only}) {}

  ~RunningApp() override { Stop(); }

  // Loads the stored clock and rules and the fixtures, then starts delivering events.
  Status Start() {
    std::optional<std::string> saved_rules;
    RETURN_IF_ERROR(state_->Write([&](Services& services) -> Status {
      storage::SettingsStore settings(services.db);
      if (manual_clock_) {
        ASSIGN_OR_RETURN(auto stored, FromStore(settings.Get(kManualClockKey)));
        if (stored) manual_clock_->Set(std::stoll(*stored));
        RETURN_IF_ERROR(
            FromStore(settings.Put(kManualClockKey, std::to_string(manual_clock_->NowMillis()))));
      }
      if (!parts_.fixtures_text.empty()) {
        RETURN_IF_ERROR(LoadFixtures(services, parts_.fixtures_text));
      }
      ASSIGN_OR_RETURN(saved_rules, FromStore(settings.Get(kStatusRulesKey)));
      return {};
    }));
    for (const auto& webhook : parts_.fixture_settings.webhooks) router_.AddWebhook(webhook);
    RETURN_IF_ERROR(StartEventTargets());
    rules_.Set(parts_.fixture_settings.rules);
    // Rules set through PUT /_socialite/rules outlive a restart.
    if (saved_rules) {
      Result<Value> list = ParseJson(*saved_rules);
      if (list.ok()) {
        auto parsed = events::ParseStatusRules(*list);
        if (parsed.ok()) rules_.Set(std::move(parsed).value());
      }
    }
    events_.SetLiveSink(live_.get());
    events_.Start();
    return {};
  }

  // Stops in dependency order: nothing new is delivered, delayed requests are answered,
  // waiting work finishes, then the writer runs what is queued.
  void Interrupt() override {
    parts_.objects->Abort();
    timers_.Stop();
  }

  void Stop() override {
    events_.Stop();
    timers_.Stop();
    parts_.objects->Abort();  // a worker stuck on a hung S3 endpoint returns now
    workers_.Stop();
    state_->Stop();
    live_->Stop();  // after the writer's last notices; every stream has ended by now
  }

  void SetListenAddress(const std::string& address) override {
    if (!sns_http_ || !parts_.options.public_url.empty()) return;
    // A wildcard address is reached on loopback from this machine.
    std::string reachable = address;
    if (reachable.rfind("0.0.0.0:", 0) == 0) reachable = "127.0.0.1" + reachable.substr(7);
    if (reachable.rfind("[::]:", 0) == 0) reachable = "[::1]" + reachable.substr(4);
    sns_http_->SetPublicBaseUrl("http://" + reachable);
  }

  RequestHandler& handler() override { return dispatcher_; }
  void SetReady(bool ready) override { admin_.SetReady(ready); }
  std::string Banner(const std::string& listen_address) const override {
    return "socialite listening on http://" + listen_address + " auth=" + parts_.options.auth +
           " db=" + parts_.options.db + " fixtures=" + parts_.options.fixtures +
           " media=" + parts_.objects->Describe() + " events=" + router_.Describe() +
           " clock=" + parts_.options.clock + " region=" + parts_.options.region +
           " account=" + parts_.options.account;
  }

 private:
  // SNS HTTP(S) subscriptions (their signing key is made or loaded only when a binding needs
  // it: generating one takes a while) and EventBridge.
  Status StartEventTargets() {
    bool wants_sns = false;
    for (const auto& binding : parts_.flag_webhooks) wants_sns = wants_sns || binding.sns;
    for (const auto& binding : parts_.fixture_settings.webhooks) {
      wants_sns = wants_sns || binding.sns;
    }
    if (wants_sns) {
      ASSIGN_OR_RETURN(auto signer, events::LoadOrCreateSnsSigner(*state_, services_.clock));
      events::SnsHttpSettings settings;
      settings.signature_version = parts_.options.sns_signature_version;
      settings.auto_confirm = parts_.options.sns_auto_confirm;
      sns_http_ = std::make_shared<events::SnsHttpDelivery>(*state_, services_.clock,
                                                            std::move(signer), settings);
      // With port 0 the URL is known once the server listens (SetListenAddress); until then
      // subscriptions wait.
      if (!parts_.options.public_url.empty()) {
        sns_http_->SetPublicBaseUrl(parts_.options.public_url);
      } else if (parts_.options.port != 0) {
        std::string host = parts_.options.host;
        if (host == "0.0.0.0") host = "127.0.0.1";
        if (host == "::") host = "::1";
        if (host.find(':') != std::string::npos) host = "[" + host + "]";
        sns_http_->SetPublicBaseUrl("http://" + host + ":" + std::to_string(parts_.options.port));
      }
      router_.SetSnsHttp(sns_http_);
    }
    if (!parts_.options.eventbridge_endpoint.empty()) {
      router_.SetEventBridge(events::MakeEventBridgeSink(
          {parts_.options.eventbridge_endpoint, parts_.options.eventbridge_access_key,
           parts_.options.eventbridge_secret_key},
          5000, router_.client()));
    }
    return {};
  }

  Status ApplyFixtureSettings() {
    rules_.Set(parts_.fixture_settings.rules);
    return {};
  }

  Parts parts_;
  SystemClock system_clock_;
  std::unique_ptr<ManualClock> manual_clock_;
  RandomIdGenerator ids_;
  events::RuleBook rules_;
  std::unique_ptr<live::LiveHub> live_;  // the live stream's notices
  Services services_;  // bound to the write connection, which the writer's thread owns
  std::unique_ptr<exec::StateExecutor> state_;
  exec::TimerQueue timers_;
  exec::WorkerPool workers_;
  events::SinkRouter router_;
  std::shared_ptr<events::SnsHttpDelivery> sns_http_;  // set by Start() when a binding needs it
  // The dispatcher's database access, under the same lock as requests.
  events::EventDispatcher events_;
  ops::AccessLog access_log_;
  ops::RequestJournal journal_;
  ops::FaultInjector faults_;
  std::unique_ptr<auth::RequestAuthenticator> authenticator_;
  AdminApi admin_;
  ApiDispatcher dispatcher_;
};

}  // namespace

Result<std::unique_ptr<App>> App::Create(const Options& options) {
  Parts parts;
  parts.options = options;
  auto db = storage::Database::Open(options.db);
  if (!db.ok()) {
    return InternalService("Cannot open database '" + options.db + "': " + db.error().message);
  }
  parts.db = std::move(db).value();
  auto checkpointer = storage::WalCheckpointer::Start(*parts.db, {});
  if (!checkpointer.ok()) {
    return InternalService("Cannot open database '" + options.db +
                           "' for checkpoints: " + checkpointer.error().message);
  }
  parts.checkpointer = std::move(checkpointer).value();
  ASSIGN_OR_RETURN(parts.fixtures_text, FixturesText(options.fixtures));
  ASSIGN_OR_RETURN(parts.fixture_settings, ReadFixtureSettings(parts.fixtures_text));
  ASSIGN_OR_RETURN(parts.library, whatsapp::TemplateLibrary::Parse(EmbeddedTemplateLibrary()));
  ASSIGN_OR_RETURN(parts.delays, events::ParseStatusDelays(options.status_delays));
  parts.objects = options.s3_endpoint.empty()
                      ? objectstore::MakeDirectoryStore(options.s3_dir)
                      : objectstore::MakeS3Store({options.s3_endpoint, options.s3_access_key,
                                                  options.s3_secret_key, options.region});
  // --webhook bindings are SNS subscriptions, --webhook-raw ones bare; checked in that order.
  for (bool sns : {true, false}) {
    std::istringstream words(sns ? options.webhooks : options.webhooks_raw);
    std::string word;
    while (words >> word) {
      auto binding = events::ParseWebhookBinding(word);
      if (!binding) {
        return InvalidParameters(std::string(sns ? "--webhook '" : "--webhook-raw '") + word +
                                 "' is not ARN_GLOB=URL");
      }
      binding->sns = sns;
      parts.flag_webhooks.push_back(*binding);
    }
  }
  if (options.auth == "verify") {
    ASSIGN_OR_RETURN(auto credentials, auth::ParseCredentials(options.credentials));
    if (credentials.empty()) return InvalidParameters("--auth verify needs --credentials");
    parts.credentials = std::move(credentials);
  }
  auto app = std::make_unique<RunningApp>(std::move(parts));
  RETURN_IF_ERROR(app->Start());
  return std::unique_ptr<App>(std::move(app));
}

}  // namespace socialite
