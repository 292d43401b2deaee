// EventDispatcher: delivers outbox events once they fall due — in order per destination, at
// least once, with exponential backoff between attempts and a dead-letter state after the
// last one — and fairly: each destination has a queue of its own, so a dead or slow
// destination delays only itself.
//
// Threads. A scheduler thread claims due events destination by destination, in bounded
// batches, and records the outcomes of finished deliveries (one StateAccess::Write job does
// both); a fixed pool of delivery workers takes the destinations with claimed events round
// robin and delivers each one's head event, at most one delivery in flight per destination.
// No lock is held while a delivery or a database job runs; the caller's threads never
// deliver. RunDue() drives the same claim-and-record steps on the calling thread.
//
// Generations. Claimed work belongs to a generation. BeginReset() starts a new one: it drops
// the claimed events, aborts the deliveries in flight and returns once none of them can send
// another byte; nothing of an older generation is delivered or recorded afterwards. Stop()
// lets the deliveries in flight finish for a short grace, aborts the rest and returns; their
// events stay open in the database and go out after the next start.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/core/clock.h"
#include "server/events/sinks/sink.h"
#include "server/exec/state_access.h"
#include "server/live/notice.h"
#include "storage/event_store.h"

namespace socialite::events {

struct DeliveryPolicy {
  int max_attempts = 5;
  int64_t backoff_base_ms = 500;  // first retry waits this long, then doubles
  int64_t backoff_max_ms = 60000;
  // Finished events kept for inspection: the newest this many (up to half as many more until
  // the next prune).
  int64_t retention = 10000;
};

// How much the dispatcher holds and runs at once, whatever the backlog.
struct DispatcherLimits {
  int workers = 8;                             // deliveries in flight at most
  int destination_batch = 32;                  // events claimed for one destination at a time
  int max_destinations = 128;                  // destinations with claimed events at a time
  std::chrono::milliseconds stop_grace{1000};  // Stop() lets deliveries in flight finish
};

class EventDispatcher {
 public:
  EventDispatcher(exec::StateAccess& state, const Clock& clock, DeliveryRouter& router,
                  DeliveryPolicy policy, DispatcherLimits limits = {});
  ~EventDispatcher();
  EventDispatcher(const EventDispatcher&) = delete;
  EventDispatcher& operator=(const EventDispatcher&) = delete;

  // Delivers every event due at the clock's current time: returns once each destination's
  // due events are finished or its head waits for a retry. Returns how many were finished
  // (delivered, dead or undeliverable) meanwhile. Returns 0 at once after Stop().
  int RunDue();

  // Starts the scheduler and the delivery workers.
  void Start();
  // Stops claiming, lets the deliveries in flight finish for `stop_grace`, aborts the rest,
  // records the outcomes it has and returns (within about the grace plus one database job).
  // The events not delivered stay open and go out after the next start: at least once.
  void Stop();
  // Something new may be due: wake the scheduler. Cheap; any thread.
  void Wake();

  // Around a reset's wipe of the database. BeginReset() pauses claiming, drops every claimed
  // event, aborts the deliveries in flight and returns once none of them can still send a
  // byte; nothing claimed before it is delivered or recorded afterwards. EndReset() resumes
  // claiming (from the wiped database). Returns the new generation. May be called with the
  // database busy: it waits for no database job.
  uint64_t BeginReset();
  void EndReset();
  uint64_t generation() const;

  // The wait before attempt `attempts + 1` (exposed for tests).
  int64_t BackoffMs(int64_t attempts) const;

  // Where delivery outcomes are told to the live stream (asked whether it wants them); set
  // before Start().
  void SetLiveSink(const live::NoticeSink* live) { live_ = live; }

 private:
  // One destination's claimed work. Key: the destination ARN, "" for events without one.
  struct Lane {
    std::deque<storage::EventRecord> queued;           // claimed, not started, in delivery order
    std::optional<storage::EventOrder> claimed_up_to;  // later claims continue after it
    bool in_flight = false;
    bool ready = false;    // in ready_
    bool blocked = false;  // its head waits for a retry: the rest stays in the database
    // The last claim may have left due events in the database (it was full, or skipped).
    bool maybe_more = false;
    int unrecorded = 0;  // outcomes produced, not yet recorded
  };
  struct PendingOutcome {
    std::string lane;
    storage::EventOutcome outcome;
    live::Notice notice;  // for the live stream (when it wants one), told once recorded
  };
  struct Claimed;
  struct StepResult {
    bool ok = true;
    int claimed = 0;
    std::optional<int64_t> claim_now_ms;  // the clock time of its claim, when it claimed
  };

  // One claim-and-record step, one at a time: records the outcomes produced so far and, with
  // `claim`, claims due events for the destinations that have room.
  StepResult Step(bool claim);
  // The database job of a step.
  Status ClaimJob(Services& services, uint64_t generation, Claimed& claimed);
  // Adds the claimed events to their lanes; returns how many lanes became ready (REQUIRES:
  // mu_ held).
  int Distribute(Claimed& claimed);
  void Prune();
  // Whether an event was appended since the claim that saw `seen` as the newest seq.
  bool NewestSeqDiffers(int64_t seen);
  // Reads when something falls due after the claim made at `claim_now_ms`.
  void UpdateNextWake(int64_t claim_now_ms);
  // What a delivery attempt decided for `event`.
  storage::EventOutcome Attempt(const storage::EventRecord& event, std::stop_token stop);
  void WorkerLoop();
  void SchedulerLoop();
  void StartWorkers();  // REQUIRES: mu_ held
  // Starts a new generation: drops the claimed work and aborts the deliveries in flight, then
  // waits until none of the old generation is left (REQUIRES: `lock` holds mu_).
  uint64_t CancelClaimed(std::unique_lock<std::mutex>& lock);
  void ReleaseStep();
  // A lane with this many queued events or fewer gets more claimed.
  size_t LowWater() const;

  exec::StateAccess& state_;
  const Clock& clock_;
  DeliveryRouter& router_;
  const DeliveryPolicy policy_;
  const DispatcherLimits limits_;
  const live::NoticeSink* live_ = nullptr;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;      // workers: a lane is ready, or stopping
  std::condition_variable progress_cv_;  // scheduler and RunDue: an outcome, a wake, a drain
  std::condition_variable idle_cv_;      // reset and Stop: a delivery or a step ended
  // Everything below is guarded by mu_.
  std::map<std::string, Lane> lanes_;
  std::deque<std::string> ready_;  // lanes whose head may go now, round robin
  std::vector<PendingOutcome> outcomes_;
  std::chrono::steady_clock::time_point oldest_outcome_;
  uint64_t generation_ = 1;
  std::stop_source abort_;             // requested when this generation ends
  std::map<uint64_t, int> in_flight_;  // deliveries running, by generation
  bool stepping_ = false;              // a step is running (one at a time)
  bool stopping_ = false;
  int paused_ = 0;  // BeginReset() calls not yet ended
  bool woken_ = false;
  bool claim_wanted_ = false;              // a lane ran low and may have more in the database
  bool scan_incomplete_ = false;           // the last claim left destinations unvisited
  std::optional<std::string> scan_after_;  // where the next destination scan starts
  int64_t claimed_newest_seq_ = -1;        // the newest event seq the last claim saw
  std::optional<int64_t> next_wake_ms_;    // clock time something falls due next
  std::chrono::steady_clock::time_point last_claim_;
  int64_t finished_ = 0;  // outcomes that finished an event, since construction
  int64_t finished_since_prune_ = 0;
  std::thread scheduler_;
  std::vector<std::thread> workers_;
};

}  // namespace socialite::events
