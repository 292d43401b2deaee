// EventDispatcher: delivers outbox events once they fall due — in order per destination,
// at least once, with exponential backoff between attempts and a dead-letter state after the
// last one. Delivery runs outside the state lock; reading and marking events run inside it.
//
// RunDue() delivers everything due now and returns (the manual clock's advance calls it, so
// a test never sleeps); Start() runs it on a background thread whenever something falls due.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "server/events/sinks/sink.h"
#include "server/exec/state_access.h"
#include "server/handlers/request_context.h"
#include "storage/event_store.h"

namespace socialite::events {

struct DeliveryPolicy {
  int max_attempts = 5;
  int64_t backoff_base_ms = 500;  // first retry waits this long, then doubles
  int64_t backoff_max_ms = 60000;
  int64_t retention = 10000;  // finished events kept for inspection
};

class EventDispatcher {
 public:
  EventDispatcher(Services& services, exec::StateAccess& state, SinkRouter& router,
                  DeliveryPolicy policy);
  ~EventDispatcher();

  // Delivers every event due at the clock's current time. Returns how many were finished
  // (delivered, dead or undeliverable). One run at a time.
  int RunDue();

  void Start();
  void Stop();
  // Something new may be due: wake the background thread.
  void Wake();

  // The wait before attempt `attempts + 1` (exposed for tests).
  int64_t BackoffMs(int64_t attempts) const;

 private:
  // The due events, their destinations re-resolved (changes not yet stored).
  struct Claim {
    bool ok = false;
    std::vector<storage::EventRecord> due;
    std::vector<storage::DestinationChange> destination_changes;
  };
  Claim ClaimDue(int64_t now);
  // Fills `claim` with `open`, each event's destination re-resolved from its WABA.
  void ResolveDestinations(Services& services, std::vector<storage::EventRecord> open,
                           Claim& claim);
  // Retention: deletes the finished events beyond policy_.retention in small locked steps.
  void Prune();
  // Writes the outcomes and destination changes in one transaction, then empties both.
  void Flush(std::vector<storage::DestinationChange>& destinations,
             std::vector<storage::EventOutcome>& outcomes);
  void Loop();

  Services& services_;
  exec::StateAccess& state_;
  SinkRouter& router_;
  DeliveryPolicy policy_;

  std::mutex run_mutex_;          // one RunDue at a time keeps per-destination order
  int finished_since_prune_ = 0;  // guarded by run_mutex_
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace socialite::events
