// LiveFeed: the notices of the last while, in a bounded ring, and the subscribers reading them.
//
// Publishers append notices under one short lock; each gets the next sequence number and its
// frame text is made once. A subscriber keeps only a cursor: it is woken (its wake function,
// called outside the lock, once per burst) and takes what is past its cursor and matches its
// filter, a bounded amount at a time. A subscriber that falls behind the ring, or misses
// notices the hub could not keep (MarkGap), is told to resync and continues from the newest:
// a slow reader never holds a publisher back and never grows memory.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/live/notice.h"

namespace socialite::live {

// Notice types as bits, for filters.
enum : uint32_t {
  kMessageBit = 1u << 0,
  kInboundBit = 1u << 1,
  kStatusBit = 1u << 2,
  kEventBit = 1u << 3,
  kRequestBit = 1u << 4,
  kTemplateBit = 1u << 5,
  kClockBit = 1u << 6,
  kResetBit = 1u << 7,
  kAllTypes = (1u << 8) - 1,
};
// The bit of a type name; nullopt for a name the stream does not know.
std::optional<uint32_t> TypeBit(std::string_view type);

// What a subscriber wants. The phone number and wamid filters leave out every notice about
// another number or message, and every notice about none, except `clock` and `reset`.
struct Filter {
  uint32_t types = kAllTypes;
  std::string phone_number_id;  // empty: any
  std::string wamid;            // empty: any
};

// A published notice, shared by every subscriber that reads it. Immutable.
struct FeedEntry {
  uint64_t seq = 0;
  uint32_t type = 0;
  std::string phone_number_id;
  std::string wamid;
  std::string frame;  // "id: <seq>\nevent: <type>\ndata: <json>\n\n"
};
using FeedEntryPtr = std::shared_ptr<const FeedEntry>;

bool Matches(const Filter& filter, const FeedEntry& entry);

struct FeedLimits {
  size_t ring = 4096;           // notices kept for late readers and Last-Event-ID
  size_t max_subscribers = 64;  // open streams
  size_t max_take = 256;        // entries one Take returns at most
  size_t max_scan = 4096;       // entries one Take looks at at most
};

class LiveFeed : public std::enable_shared_from_this<LiveFeed> {
 public:
  class Subscriber;

  // Sequence numbers continue from `last_seq` (the first notice gets last_seq + 1).
  static std::shared_ptr<LiveFeed> Create(FeedLimits limits, uint64_t last_seq);

  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // Appends the notices (their at_ms is ignored) and wakes the subscribers.
  void Publish(std::vector<Notice> notices);
  // Notices were lost before reaching the ring: every subscriber resyncs, and so does any
  // later one that resumes from before now.
  void MarkGap();

  // A new subscriber that reads from after `last_seen` (nullopt: from after the newest), or
  // nullptr when max_subscribers are open. It resyncs first when `last_seen` is no longer in
  // the ring (or was never given out).
  std::shared_ptr<Subscriber> Subscribe(Filter filter, std::optional<uint64_t> last_seen);
  // Ends every subscriber: their Take says `ended`. Later Subscribe calls return nullptr.
  void Close();

  uint64_t newest_seq() const;
  size_t subscribers() const;
  size_t max_subscribers() const { return limits_.max_subscribers; }

 private:
  explicit LiveFeed(FeedLimits limits, uint64_t last_seq);
  // Whether the entry of seq `next` is still in the ring, or is the next one to come
  // (REQUIRES: mu_ held).
  bool InRing(uint64_t next) const;

  const FeedLimits limits_;
  mutable std::mutex mu_;
  // Guarded by mu_.
  std::vector<FeedEntryPtr> ring_;  // the entry of seq s at s % ring size
  uint64_t first_seq_;              // the first seq given out (last_seq + 1)
  uint64_t newest_seq_;             // first_seq_ - 1 while nothing was published
  uint64_t gap_seq_ = 0;            // a reader that saw less than this missed something
  std::vector<Subscriber*> subscribers_;
  bool closed_ = false;
};

// One reader of the feed. Created by LiveFeed::Subscribe; leaves the feed when closed or
// destroyed.
class LiveFeed::Subscriber {
 public:
  struct Batch {
    // The subscriber fell behind: it now continues after `resync_seq` (the newest).
    bool resync = false;
    uint64_t resync_seq = 0;
    std::vector<FeedEntryPtr> entries;  // matching entries, in order
    bool more = false;                  // Take stopped early: call again
    bool ended = false;                 // the feed was closed
  };

  Subscriber(std::shared_ptr<LiveFeed> feed, Filter filter, uint64_t start_seq, uint64_t next_seq,
             bool resync);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Sets what a publish calls when this subscriber has something new; called at most once per
  // Take (never under the feed's lock, possibly from the publisher's thread). It must not
  // block. Notices already waiting call it at once.
  void SetWake(std::function<void()> wake);
  // What is ready, from the cursor on (one reader at a time).
  Batch Take();
  // Leaves the feed; its wake function is not called any more. Idempotent.
  void Close();
  // The newest seq when it subscribed.
  uint64_t start_seq() const { return start_seq_; }

 private:
  friend class LiveFeed;
  void CallWake();

  const std::shared_ptr<LiveFeed> feed_;
  const Filter filter_;
  const uint64_t start_seq_;
  std::weak_ptr<Subscriber> weak_self_;  // set once by Subscribe
  // Guarded by feed_->mu_.
  uint64_t next_seq_;
  bool resync_;
  bool ended_ = false;
  // Set by a publish, cleared by Take: at most one wake call per batch of news.
  std::atomic<bool> wake_pending_{false};
  std::mutex wake_mu_;  // orders a wake call against Close()
  // Guarded by wake_mu_.
  std::function<void()> wake_;
  bool closed_ = false;
};

}  // namespace socialite::live
