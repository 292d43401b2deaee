#include "server/events/event_dispatcher.h"

#include <algorithm>
#include <set>
#include <utility>

#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/live/notices.h"
#include "storage/media_store.h"
#include "storage/waba_store.h"

namespace socialite::events {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int64_t kPruneStep = 100;
// The scheduler claims at least this often, for a system clock catching up with scheduled
// events nobody announced, template reviews and media expiry.
constexpr std::chrono::milliseconds kMaxIdle{1000};
// An outcome waits at most this long to be recorded (a slow receiver must not keep the
// others' states stale); within it, outcomes are recorded together.
constexpr std::chrono::milliseconds kMaxUnrecorded{20};
// After a failed database job the scheduler waits this long before the next one.
constexpr std::chrono::milliseconds kFailureBackoff{200};
constexpr char kNoDestinationReason[] = "the WhatsApp Business Account has no event destination";

// Lanes are keyed by destination ARN; ARNs are never empty, so "" stands for none.
std::string LaneKey(const std::optional<std::string>& destination) {
  return destination.value_or("");
}

std::optional<std::string> DestinationOf(const std::string& lane) {
  if (lane.empty()) return std::nullopt;
  return lane;
}

storage::EventOrder OrderOf(const storage::EventRecord& event) { return {event.due_ms, event.seq}; }

bool WaitsForRetry(const storage::EventRecord& event, int64_t now_ms) {
  return event.delivery_state == "retrying" && event.next_attempt_ms.value_or(0) > now_ms;
}

// Whether the delivery is over for its lane: anything but a retry (a duplicate owed opens the
// event again at a later due time, behind the lane's claimed events).
bool Finishes(const storage::EventOutcome& outcome) { return outcome.delivery_state != "retrying"; }

}  // namespace

// A step's database job: what to record and claim going in, what was claimed coming out.
struct EventDispatcher::Claimed {
  // A lane in memory whose queue runs low: claim up to `want` events after `after`.
  struct Refill {
    std::string lane;
    storage::EventOrder after;
    int want = 0;
  };
  // Events claimed by one query of one destination, destinations re-resolved.
  struct Batch {
    std::string lane;  // the destination queried
    std::vector<storage::EventRecord> events;
    bool full = false;  // it got all it asked for: more may be due
  };

  std::vector<PendingOutcome> outcomes;
  bool claim = false;
  std::vector<Refill> refills;
  std::set<std::string> in_memory;  // lanes the destination scan skips
  int new_lanes = 0;                // lanes the scan may add
  std::optional<std::string> scan_after;

  std::vector<Batch> batches;
  int64_t now_ms = 0;
  int64_t newest_seq = -1;
  std::optional<std::string> next_scan_after;
  bool scan_incomplete = false;
};

EventDispatcher::EventDispatcher(exec::StateAccess& state, const Clock& clock,
                                 DeliveryRouter& router, DeliveryPolicy policy,
                                 DispatcherLimits limits)
    : state_(state), clock_(clock), router_(router), policy_(policy), limits_(limits) {}

EventDispatcher::~EventDispatcher() { Stop(); }

int64_t EventDispatcher::BackoffMs(int64_t attempts) const {
  int64_t wait = policy_.backoff_base_ms;
  for (int64_t i = 1; i < attempts && wait < policy_.backoff_max_ms; ++i) wait *= 2;
  return std::min(wait, policy_.backoff_max_ms);
}

size_t EventDispatcher::LowWater() const {
  // Refilled at half: the claim runs while the other half is delivered.
  return static_cast<size_t>(limits_.destination_batch / 2);
}

uint64_t EventDispatcher::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

void EventDispatcher::StartWorkers() {
  if (!workers_.empty()) return;
  for (int i = 0; i < std::max(1, limits_.workers); ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

void EventDispatcher::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (scheduler_.joinable()) return;
  stopping_ = false;
  StartWorkers();
  woken_ = true;
  last_claim_ = SteadyClock::now() - kMaxIdle;  // the first pass claims at once
  scheduler_ = std::thread([this] { SchedulerLoop(); });
}

void EventDispatcher::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  progress_cv_.notify_all();
}

uint64_t EventDispatcher::CancelClaimed(std::unique_lock<std::mutex>& lock) {
  uint64_t ended = generation_++;
  std::stop_source abort = std::exchange(abort_, std::stop_source());
  lanes_.clear();
  ready_.clear();
  outcomes_.clear();
  claim_wanted_ = false;
  scan_incomplete_ = false;
  claimed_newest_seq_ = -1;
  next_wake_ms_.reset();
  lock.unlock();
  abort.request_stop();  // outside the lock: the sinks' callbacks close their connections
  lock.lock();
  idle_cv_.wait(lock, [&] { return in_flight_.empty() || in_flight_.begin()->first > ended; });
  return generation_;
}

uint64_t EventDispatcher::BeginReset() {
  std::unique_lock<std::mutex> lock(mu_);
  ++paused_;
  return CancelClaimed(lock);
}

void EventDispatcher::EndReset() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (paused_ > 0) --paused_;
    claim_wanted_ = true;
  }
  progress_cv_.notify_all();
}

void EventDispatcher::Stop() {
  std::unique_lock<std::mutex> lock(mu_);
  stopping_ = true;
  if (!scheduler_.joinable() && workers_.empty()) return;
  work_cv_.notify_all();
  progress_cv_.notify_all();
  // Workers start nothing new now; those in flight get the grace, then are aborted.
  bool settled = idle_cv_.wait_for(lock, limits_.stop_grace, [&] { return in_flight_.empty(); });
  if (!settled) {
    // The outcomes of deliveries that did finish are kept; the aborted ones are dropped.
    std::vector<PendingOutcome> finished = std::move(outcomes_);
    CancelClaimed(lock);
    outcomes_ = std::move(finished);
  }
  std::thread scheduler = std::move(scheduler_);
  std::vector<std::thread> workers = std::move(workers_);
  workers_.clear();
  lock.unlock();
  if (scheduler.joinable()) scheduler.join();
  for (std::thread& worker : workers) worker.join();
  // What finished before the stop is recorded; the rest stays open for the next start.
  (void)Step(/*claim=*/false);
  lock.lock();
  lanes_.clear();
  ready_.clear();
}

int EventDispatcher::RunDue() {
  int64_t finished_before = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return 0;
    StartWorkers();
    finished_before = finished_;
  }
  while (true) {
    StepResult step = Step(/*claim=*/true);
    std::unique_lock<std::mutex> lock(mu_);
    if (stopping_ || !step.ok) break;
    if (step.claimed == 0 && lanes_.empty() && outcomes_.empty()) break;
    // Step again once every delivery has ended, a lane runs low, or outcomes wait.
    progress_cv_.wait_for(lock, kMaxUnrecorded, [&] {
      return stopping_ || claim_wanted_ || (ready_.empty() && in_flight_.empty());
    });
    claim_wanted_ = false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(finished_ - finished_before);
}

void EventDispatcher::ReleaseStep() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stepping_ = false;
  }
  idle_cv_.notify_all();
}

EventDispatcher::StepResult EventDispatcher::Step(bool claim) {
  Claimed claimed;
  uint64_t generation = 0;
  {
    std::unique_lock<std::mutex> lock(mu_);
    idle_cv_.wait(lock, [&] { return !stepping_; });
    stepping_ = true;
    generation = generation_;
    if (claim && (stopping_ || paused_ > 0)) {
      // Nothing is claimed now; EndReset() asks for a claim, Start() after Stop() too.
      last_claim_ = SteadyClock::now();
      next_wake_ms_.reset();
      claim = false;
    }
    claimed.claim = claim;
    claimed.outcomes = std::move(outcomes_);
    outcomes_.clear();
    std::map<std::string, int> recording;
    for (const PendingOutcome& pending : claimed.outcomes) ++recording[pending.lane];
    for (auto it = lanes_.begin(); it != lanes_.end();) {
      Lane& lane = it->second;
      // Idle once this step's outcomes are recorded: the next claim starts from the database.
      if (lane.queued.empty() && !lane.in_flight && lane.unrecorded == recording[it->first]) {
        it = lanes_.erase(it);
        continue;
      }
      if (claim) {
        claimed.in_memory.insert(it->first);
        if (lane.blocked) {
          // Its head waits for a retry; nothing more until the lane is released.
        } else if (lane.queued.size() <= LowWater() && lane.claimed_up_to) {
          claimed.refills.push_back(
              {it->first, *lane.claimed_up_to,
               limits_.destination_batch - static_cast<int>(lane.queued.size())});
        } else {
          lane.maybe_more = true;  // skipped: events may arrive meanwhile
        }
      }
      ++it;
    }
    claimed.new_lanes = std::max(0, limits_.max_destinations - static_cast<int>(lanes_.size()));
    claimed.scan_after = scan_after_;
  }
  if (claimed.outcomes.empty() && !claimed.claim) {
    ReleaseStep();
    return {};
  }

  Status status =
      state_.Write([&](Services& services) { return ClaimJob(services, generation, claimed); });

  StepResult result;
  bool prune = false;
  int made_ready = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) {
      // A reset or a stop cancelled this step's generation: its work is dropped.
    } else if (!status.ok()) {
      // Nothing was written: the outcomes wait for the next step, which records them first.
      result.ok = false;
      if (outcomes_.empty()) oldest_outcome_ = SteadyClock::now();
      outcomes_.insert(outcomes_.begin(), std::make_move_iterator(claimed.outcomes.begin()),
                       std::make_move_iterator(claimed.outcomes.end()));
      if (claimed.claim) {
        last_claim_ = SteadyClock::now();
        next_wake_ms_.reset();
      }
    } else {
      for (const PendingOutcome& pending : claimed.outcomes) {
        auto lane = lanes_.find(pending.lane);
        if (lane != lanes_.end()) --lane->second.unrecorded;
        if (Finishes(pending.outcome)) ++finished_since_prune_;
      }
      if (claimed.claim) {
        result.claimed = 0;
        for (const Claimed::Batch& batch : claimed.batches) {
          result.claimed += static_cast<int>(batch.events.size());
        }
        made_ready = Distribute(claimed);
        result.claim_now_ms = claimed.now_ms;
        scan_after_ = claimed.next_scan_after;
        scan_incomplete_ = claimed.scan_incomplete;
        claimed_newest_seq_ = claimed.newest_seq;
        last_claim_ = SteadyClock::now();
      }
      // Finding where to prune walks back over the newest `retention` finished events: done
      // once per retention / 2 finished, that walk costs about two rows per event (once per
      // 1,000 it cost ten, more than the rest of an event's bookkeeping). Up to half the
      // retention more stay until then.
      if (finished_since_prune_ >= std::max<int64_t>(1, policy_.retention / 2)) {
        finished_since_prune_ = 0;
        prune = true;
      }
    }
  }
  // One worker per lane that became ready; the others sleep on.
  if (made_ready >= limits_.workers) {
    work_cv_.notify_all();
  } else {
    for (int i = 0; i < made_ready; ++i) work_cv_.notify_one();
  }
  if (prune) Prune();
  ReleaseStep();
  return result;
}

Status EventDispatcher::ClaimJob(Services& services, uint64_t generation, Claimed& claimed) {
  {
    // Checked inside the job: a reset's wipe runs after BeginReset(), so a job of the old
    // generation that runs after the wipe writes nothing.
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) return InternalService("the claim was cancelled by a reset");
  }
  storage::EventStore store(services.db);
  std::vector<storage::EventOutcome> outcomes;
  outcomes.reserve(claimed.outcomes.size());
  for (const PendingOutcome& pending : claimed.outcomes) outcomes.push_back(pending.outcome);
  RETURN_IF_ERROR(FromStore(store.RecordOutcomes({}, outcomes)));
  for (const PendingOutcome& pending : claimed.outcomes) {
    if (!pending.notice.type.empty()) live::Publish(services.live, [&] { return pending.notice; });
  }
  if (!claimed.claim) return {};

  int64_t now = clock_.NowMillis();
  claimed.now_ms = now;
  // Everything else that falls due on the clock runs first: reviews (their events are
  // claimed below), media expiry.
  (void)RunDueTemplateReviews(services);
  (void)storage::MediaStore(services.db).DeleteExpired(now);

  // A destination whose head waits for a retry holds back everything behind it.
  auto claim_of = [&](const std::string& lane, const std::optional<storage::EventOrder>& after,
                      int want) -> Status {
    ASSIGN_OR_RETURN(std::vector<storage::EventRecord> events,
                     FromStore(store.OpenDueFor(DestinationOf(lane), now, after, want)));
    Claimed::Batch batch{lane, {}, static_cast<int>(events.size()) == want};
    for (storage::EventRecord& event : events) {
      if (WaitsForRetry(event, now)) {
        batch.full = false;
        break;
      }
      batch.events.push_back(std::move(event));
    }
    if (!batch.events.empty()) claimed.batches.push_back(std::move(batch));
    return {};
  };
  for (const Claimed::Refill& refill : claimed.refills) {
    RETURN_IF_ERROR(claim_of(refill.lane, refill.after, refill.want));
  }
  // The destinations not in memory, round robin from where the last scan stopped.
  int scan_limit = limits_.max_destinations + static_cast<int>(claimed.in_memory.size()) + 1;
  ASSIGN_OR_RETURN(auto destinations,
                   FromStore(store.OpenDestinations(claimed.scan_after, scan_limit)));
  if (claimed.scan_after && static_cast<int>(destinations.size()) < scan_limit) {
    ASSIGN_OR_RETURN(auto from_start, FromStore(store.OpenDestinations(std::nullopt, scan_limit)));
    for (auto& destination : from_start) {
      if (destination && *destination > *claimed.scan_after) break;
      destinations.push_back(std::move(destination));
    }
  }
  claimed.next_scan_after = claimed.scan_after;
  for (const std::optional<std::string>& destination : destinations) {
    std::string lane = LaneKey(destination);
    if (claimed.in_memory.count(lane)) continue;
    if (claimed.new_lanes == 0) {
      claimed.scan_incomplete = true;
      break;
    }
    size_t before = claimed.batches.size();
    RETURN_IF_ERROR(claim_of(lane, std::nullopt, limits_.destination_batch));
    if (claimed.batches.size() > before) --claimed.new_lanes;
    claimed.next_scan_after = destination;
  }

  // An event goes where its WABA's destination points when it is delivered, as AWS routes
  // it; a WABA that is gone keeps the destination it had.
  std::map<std::string, std::optional<std::string>> current;
  storage::WabaStore wabas(services.db);
  for (Claimed::Batch& batch : claimed.batches) {
    for (storage::EventRecord& event : batch.events) {
      std::string key =
          event.partition.account + "|" + event.partition.region + "|" + event.waba_id;
      auto known = current.find(key);
      if (known == current.end()) {
        ASSIGN_OR_RETURN(auto waba, FromStore(wabas.Find(event.partition, event.waba_id)));
        if (!waba) continue;  // gone: the event keeps its own
        std::optional<std::string> arn;
        if (!waba->event_destinations.empty()) {
          arn = waba->event_destinations.front().event_destination_arn;
        }
        known = current.emplace(key, std::move(arn)).first;
      }
      if (known->second != event.destination_arn) {
        event.destination_arn = known->second;
        RETURN_IF_ERROR(FromStore(store.SetDestination(event.id, event.destination_arn)));
      }
    }
  }
  ASSIGN_OR_RETURN(claimed.newest_seq, FromStore(store.NewestSeq()));
  return {};
}

int EventDispatcher::Distribute(Claimed& claimed) {
  int made_ready = 0;
  for (Claimed::Batch& batch : claimed.batches) {
    for (storage::EventRecord& event : batch.events) {
      // Usually the lane queried; another one when the WABA's destination changed.
      std::string key = LaneKey(event.destination_arn);
      Lane& lane = lanes_[key];
      if (lane.blocked) continue;  // stays open in the database, behind the retry
      storage::EventOrder order = OrderOf(event);
      auto at = std::upper_bound(lane.queued.begin(), lane.queued.end(), order,
                                 [](const storage::EventOrder& o, const storage::EventRecord& e) {
                                   return o < OrderOf(e);
                                 });
      lane.queued.insert(at, std::move(event));
      if (!lane.claimed_up_to || *lane.claimed_up_to < order) lane.claimed_up_to = order;
      if (!lane.ready && !lane.in_flight) {
        lane.ready = true;
        ready_.push_back(key);
        ++made_ready;
      }
    }
    auto lane = lanes_.find(batch.lane);
    if (lane != lanes_.end()) lane->second.maybe_more = batch.full;
  }
  return made_ready;
}

void EventDispatcher::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
    if (stopping_) return;
    std::string key = std::move(ready_.front());
    ready_.pop_front();
    Lane& lane = lanes_.at(key);
    lane.ready = false;
    storage::EventRecord event = std::move(lane.queued.front());
    lane.queued.pop_front();
    lane.in_flight = true;  // one delivery per destination at a time keeps its order
    uint64_t generation = generation_;
    std::stop_token stop = abort_.get_token();
    ++in_flight_[generation];
    lock.unlock();

    storage::EventOutcome outcome = Attempt(event, std::move(stop));
    live::Notice notice;
    if (live::Wanted(live_)) notice = live::EventNotice(event, outcome);

    lock.lock();
    if (--in_flight_[generation] == 0) {
      in_flight_.erase(generation);
      idle_cv_.notify_all();  // a reset or a stop may wait for this generation to end
    }
    if (generation != generation_) continue;  // dropped with its generation, never recorded
    Lane& done = lanes_.at(key);
    done.in_flight = false;
    ++done.unrecorded;
    if (Finishes(outcome)) {
      ++finished_;
      if (!done.queued.empty()) {
        done.ready = true;
        ready_.push_back(key);  // at the back: the other destinations go first
        // This worker takes the front next; another one only for a second ready lane.
        if (ready_.size() > 1) work_cv_.notify_one();
      }
    } else {
      // A retrying head blocks its destination only; the rest goes back to the database.
      done.blocked = true;
      done.queued.clear();
    }
    // The scheduler and RunDue() are woken only for what they act on, not for every outcome.
    bool wake = outcomes_.empty() || (ready_.empty() && in_flight_.empty());
    // A duplicate owed is claimed again once its outcome is recorded.
    if (outcome.delivery_state == "pending") {
      claim_wanted_ = true;
      wake = true;
    }
    bool drained = done.queued.empty();
    if (!done.blocked && done.queued.size() <= LowWater() &&
        (done.maybe_more || (drained && scan_incomplete_))) {
      done.maybe_more = false;
      claim_wanted_ = true;
      wake = true;
    }
    if (outcomes_.empty()) oldest_outcome_ = SteadyClock::now();
    outcomes_.push_back({key, std::move(outcome), std::move(notice)});
    if (wake) progress_cv_.notify_all();
  }
}

storage::EventOutcome EventDispatcher::Attempt(const storage::EventRecord& event,
                                               std::stop_token stop) {
  std::string why;
  std::optional<DeliveryResult> result;
  if (!event.destination_arn && !router_.TakesEventsWithoutDestination()) {
    why = kNoDestinationReason;
  } else {
    // Without a destination only the targets that take every event (EventBridge) get it.
    EventToDeliver delivery{event.id,
                            event.created_ms,
                            event.partition.account,
                            event.partition.region,
                            event.destination_arn.value_or(""),
                            event.envelope_json};
    result = router_.DeliverEvent(delivery, &why, std::move(stop));
  }
  storage::EventOutcome outcome;
  outcome.event_id = event.id;
  outcome.attempts = event.attempts + (result ? 1 : 0);
  outcome.at_ms = clock_.NowMillis();
  if (!result) {
    outcome.delivery_state = "undeliverable";
    outcome.error = why;
    return outcome;
  }
  if (result->hold_ms) {
    // Not attempted (an SNS subscription waits for its confirmation): the event stays open.
    outcome.attempts = event.attempts;
    outcome.delivery_state = "retrying";
    outcome.next_attempt_ms = outcome.at_ms + *result->hold_ms;
    outcome.error = result->detail;
    return outcome;
  }
  outcome.attempt = storage::DeliveryAttempt{
      outcome.attempts,    outcome.at_ms,  result->target,     result->delivered,
      result->http_status, result->detail, event.delivery_kind};
  if (result->delivered && event.copies_owed > 0) {
    // A duplicate is owed: the same event opens again for another delivery after the gap.
    outcome.delivery_state = "pending";
    outcome.next_attempt_ms = outcome.at_ms + event.copy_gap_ms;
    outcome.copies_owed = event.copies_owed - 1;
    outcome.delivery_kind = "duplicate";
  } else if (result->delivered) {
    outcome.delivery_state = "delivered";
  } else if (!result->retryable || outcome.attempts - event.attempt_base >= policy_.max_attempts) {
    outcome.delivery_state = "dead";
    outcome.error = result->detail;
  } else {
    outcome.delivery_state = "retrying";
    outcome.next_attempt_ms = outcome.at_ms + BackoffMs(outcome.attempts - event.attempt_base);
    outcome.error = result->detail;
  }
  return outcome;
}

void EventDispatcher::Prune() {
  std::optional<int64_t> cutoff;
  Status found = state_.Read([&](Services& services) -> Status {
    ASSIGN_OR_RETURN(cutoff,
                     FromStore(storage::EventStore(services.db).PruneCutoff(policy_.retention)));
    return {};
  });
  if (!found.ok() || !cutoff) return;
  // Small steps, each its own job: a request never waits for a whole sweep.
  while (true) {
    int64_t deleted = 0;
    Status pruned = state_.Write([&](Services& services) -> Status {
      ASSIGN_OR_RETURN(deleted,
                       FromStore(storage::EventStore(services.db).PruneUpTo(*cutoff, kPruneStep)));
      return {};
    });
    if (!pruned.ok() || deleted < kPruneStep) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
  }
}

bool EventDispatcher::NewestSeqDiffers(int64_t seen) {
  int64_t newest = -1;
  Status read = state_.Read([&](Services& services) -> Status {
    ASSIGN_OR_RETURN(newest, FromStore(storage::EventStore(services.db).NewestSeq()));
    return {};
  });
  return !read.ok() || newest != seen;
}

void EventDispatcher::UpdateNextWake(int64_t claim_now_ms) {
  std::optional<int64_t> next;
  Status read = state_.Read([&](Services& services) -> Status {
    ASSIGN_OR_RETURN(next, FromStore(storage::EventStore(services.db).NextWakeAfter(claim_now_ms)));
    return {};
  });
  std::lock_guard<std::mutex> lock(mu_);
  if (read.ok()) next_wake_ms_ = next;
}

void EventDispatcher::SchedulerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    SteadyClock::time_point now = SteadyClock::now();
    SteadyClock::time_point deadline = last_claim_ + kMaxIdle;
    if (next_wake_ms_) {
      int64_t wait_ms =
          std::clamp<int64_t>(*next_wake_ms_ - clock_.NowMillis(), 0, kMaxIdle.count());
      deadline = std::min(deadline, now + std::chrono::milliseconds(wait_ms));
    }
    bool had_outcomes = !outcomes_.empty();
    if (had_outcomes) deadline = std::min(deadline, oldest_outcome_ + kMaxUnrecorded);
    progress_cv_.wait_until(lock, deadline, [&] {
      return stopping_ || woken_ || claim_wanted_ || (!had_outcomes && !outcomes_.empty());
    });
    if (stopping_) break;

    now = SteadyClock::now();
    bool woken = std::exchange(woken_, false);
    bool claim = std::exchange(claim_wanted_, false) || now >= last_claim_ + kMaxIdle ||
                 (next_wake_ms_ && clock_.NowMillis() >= *next_wake_ms_);
    bool record = !outcomes_.empty() && now >= oldest_outcome_ + kMaxUnrecorded;
    int64_t seen = claimed_newest_seq_;
    lock.unlock();
    // A wake after the dispatcher's own commits finds nothing new: no job for it.
    if (woken && !claim) claim = NewestSeqDiffers(seen);
    bool failed = false;
    if (claim || record) {
      StepResult step = Step(claim);
      failed = !step.ok;
      if (step.claim_now_ms) UpdateNextWake(*step.claim_now_ms);
    }
    lock.lock();
    if (failed) progress_cv_.wait_for(lock, kFailureBackoff, [&] { return stopping_; });
  }
}

}  // namespace socialite::events
