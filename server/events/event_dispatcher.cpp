#include "server/events/event_dispatcher.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "storage/event_store.h"
#include "storage/media_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"

namespace socialite::events {
namespace {

constexpr int kBatch = 256;
constexpr int kPruneEvery = 1000;
constexpr int64_t kPruneStep = 100;
// The background thread also wakes this often, for a system clock catching up with
// scheduled events nobody announced.
constexpr int64_t kMaxSleepMs = 1000;
constexpr std::chrono::milliseconds kMaxUnrecorded{20};

}  // namespace

EventDispatcher::EventDispatcher(Services& services, exec::StateAccess& state, SinkRouter& router,
                                 DeliveryPolicy policy)
    : services_(services), state_(state), router_(router), policy_(policy) {}

EventDispatcher::~EventDispatcher() { Stop(); }

int64_t EventDispatcher::BackoffMs(int64_t attempts) const {
  int64_t wait = policy_.backoff_base_ms;
  for (int64_t i = 1; i < attempts && wait < policy_.backoff_max_ms; ++i) wait *= 2;
  return std::min(wait, policy_.backoff_max_ms);
}

EventDispatcher::Claim EventDispatcher::ClaimDue(int64_t now) {
  Claim claim;
  (void)state_.Write([&](Services& services) -> Status {
    // Everything else that falls due on the clock runs first: reviews, media expiry.
    (void)RunDueTemplateReviews(services);
    (void)storage::MediaStore(services.db).DeleteExpired(now);
    auto open = storage::EventStore(services.db).OpenDue(now, kBatch);
    if (!open.ok()) return {};
    ResolveDestinations(services, std::move(open).value(), claim);
    return {};
  });
  return claim;
}

void EventDispatcher::ResolveDestinations(Services& services,
                                          std::vector<storage::EventRecord> open, Claim& claim) {
  claim.ok = true;
  claim.due = std::move(open);
  // An event goes where its WABA's destination points when it is delivered, as AWS routes
  // it; a WABA that is gone keeps the destination it had.
  std::map<std::string, std::optional<std::string>> current;
  storage::WabaStore wabas(services.db);
  for (auto& event : claim.due) {
    std::string key = event.partition.account + "|" + event.partition.region + "|" + event.waba_id;
    auto known = current.find(key);
    if (known == current.end()) {
      auto waba = wabas.Find(event.partition, event.waba_id);
      if (!waba.ok() || !waba.value()) continue;  // gone: the event keeps its own
      const auto& destinations = waba.value()->event_destinations;
      std::optional<std::string> arn;
      if (!destinations.empty()) arn = destinations.front().event_destination_arn;
      known = current.emplace(key, std::move(arn)).first;
    }
    if (known->second != event.destination_arn) {
      event.destination_arn = known->second;
      claim.destination_changes.push_back({event.id, event.destination_arn});
    }
  }
}

void EventDispatcher::Flush(std::vector<storage::DestinationChange>& destinations,
                            std::vector<storage::EventOutcome>& outcomes) {
  if (destinations.empty() && outcomes.empty()) return;
  // On failure nothing is marked and the events are delivered again: at least once.
  (void)state_.Write([&](Services& services) {
    return FromStore(storage::EventStore(services.db).RecordOutcomes(destinations, outcomes));
  });
  destinations.clear();
  outcomes.clear();
}

int EventDispatcher::RunDue() {
  std::lock_guard<std::mutex> run(run_mutex_);
  int finished = 0;
  while (true) {
    int64_t now = services_.clock.NowMillis();
    Claim claim = ClaimDue(now);
    if (!claim.ok) break;
    // Outcomes are written together, at the end of the batch or once the oldest unwritten one
    // has waited kMaxUnrecordedMs (a slow receiver must not keep the others' states stale).
    std::vector<storage::EventOutcome> outcomes;
    auto first_unrecorded = std::chrono::steady_clock::now();
    int progressed = 0;
    // A destination whose head event waits for a retry holds back everything behind it.
    std::set<std::string> blocked;
    for (auto& event : claim.due) {
      std::string destination = event.destination_arn.value_or("");
      if (blocked.count(destination)) continue;
      if (event.delivery_state == "retrying" && event.next_attempt_ms.value_or(0) > now) {
        blocked.insert(destination);
        continue;
      }
      std::string why;
      std::optional<DeliveryResult> result;
      if (!event.destination_arn) {
        why = "the WhatsApp Business Account has no event destination";
      } else {
        result = router_.Deliver(*event.destination_arn, event.envelope_json, &why);
      }
      storage::EventOutcome outcome;
      outcome.event_id = event.id;
      outcome.attempts = event.attempts + (result ? 1 : 0);
      outcome.at_ms = services_.clock.NowMillis();
      if (!result) {
        outcome.delivery_state = "undeliverable";
        outcome.error = why;
      } else {
        outcome.attempt =
            storage::DeliveryAttempt{outcome.attempts,  outcome.at_ms,       result->target,
                                     result->delivered, result->http_status, result->detail};
        if (result->delivered) {
          outcome.delivery_state = "delivered";
        } else if (!result->retryable || outcome.attempts >= policy_.max_attempts) {
          outcome.delivery_state = "dead";
          outcome.error = result->detail;
        } else {
          outcome.delivery_state = "retrying";
          outcome.next_attempt_ms = outcome.at_ms + BackoffMs(outcome.attempts);
          outcome.error = result->detail;
          blocked.insert(destination);
        }
      }
      if (outcome.delivery_state != "retrying") {
        ++finished;
        ++progressed;
      }
      if (outcomes.empty()) first_unrecorded = std::chrono::steady_clock::now();
      outcomes.push_back(std::move(outcome));
      if (std::chrono::steady_clock::now() - first_unrecorded > kMaxUnrecorded) {
        Flush(claim.destination_changes, outcomes);
      }
    }
    Flush(claim.destination_changes, outcomes);
    if (progressed == 0) break;
  }
  // Pruning scans the finished events, so it runs once per batch of them, not every time.
  finished_since_prune_ += finished;
  if (finished_since_prune_ >= std::min<int64_t>(kPruneEvery, policy_.retention)) {
    finished_since_prune_ = 0;
    Prune();
  }
  return finished;
}

void EventDispatcher::Prune() {
  std::optional<int64_t> cutoff;
  (void)state_.Read([&](Services& services) -> Status {
    auto found = storage::EventStore(services.db).PruneCutoff(policy_.retention);
    if (found.ok()) cutoff = found.value();
    return {};
  });
  if (!cutoff) return;
  // Small steps: each joins one of the writer's batches instead of holding it for a sweep.
  while (true) {
    int64_t deleted = 0;
    Status status = state_.Write([&](Services& services) -> Status {
      ASSIGN_OR_RETURN(deleted,
                       FromStore(storage::EventStore(services.db).PruneUpTo(*cutoff, kPruneStep)));
      return {};
    });
    if (!status.ok() || deleted < kPruneStep) return;
  }
}

void EventDispatcher::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void EventDispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventDispatcher::Wake() {
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void EventDispatcher::Loop() {
  while (true) {
    RunDue();
    int64_t sleep_ms = kMaxSleepMs;
    (void)state_.Read([&](Services& services) -> Status {
      auto next = storage::EventStore(services.db).NextWakeMs();
      if (next.ok() && next.value()) {
        sleep_ms = std::clamp<int64_t>(*next.value() - services_.clock.NowMillis(), 1, kMaxSleepMs);
      }
      return {};
    });
    std::unique_lock<std::mutex> lock(wake_mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(sleep_ms),
                   [this] { return woken_ || stopping_; });
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace socialite::events
