#include "server/live/live_feed.h"

#include <algorithm>
#include <array>
#include <utility>

namespace socialite::live {
namespace {

constexpr std::array<std::pair<std::string_view, uint32_t>, 8> kTypes = {{
    {"message", kMessageBit},
    {"inbound", kInboundBit},
    {"status", kStatusBit},
    {"event", kEventBit},
    {"request", kRequestBit},
    {"template", kTemplateBit},
    {"clock", kClockBit},
    {"reset", kResetBit},
}};

// "event: <type>\ndata: <json>\n\n"; a line break in the JSON would end the frame early.
std::string FrameOf(const Notice& notice) {
  std::string frame;
  frame.reserve(notice.type.size() + notice.data.size() + 16);
  frame += "event: ";
  frame += notice.type;
  frame += "\ndata: ";
  size_t data_at = frame.size();
  frame += notice.data;
  for (size_t at = data_at; at < frame.size(); ++at) {
    if (frame[at] == '\n' || frame[at] == '\r') frame[at] = ' ';
  }
  frame += "\n\n";
  return frame;
}

}  // namespace

std::optional<uint32_t> TypeBit(std::string_view type) {
  for (const auto& [name, bit] : kTypes) {
    if (name == type) return bit;
  }
  return std::nullopt;
}

bool Matches(const Filter& filter, const FeedEntry& entry) {
  if ((filter.types & entry.type) == 0) return false;
  // The state of the whole emulator concerns every reader.
  if (entry.type == kClockBit || entry.type == kResetBit) return true;
  if (!filter.phone_number_id.empty() && entry.phone_number_id != filter.phone_number_id) {
    return false;
  }
  return filter.wamid.empty() || entry.wamid == filter.wamid;
}

std::shared_ptr<LiveFeed> LiveFeed::Create(FeedLimits limits, uint64_t last_seq) {
  return std::shared_ptr<LiveFeed>(new LiveFeed(limits, last_seq));
}

LiveFeed::LiveFeed(FeedLimits limits, uint64_t last_seq)
    : limits_(limits),
      ring_(std::max<size_t>(limits.ring, 1)),
      first_seq_(last_seq + 1),
      newest_seq_(last_seq) {}

void LiveFeed::Publish(std::vector<Notice> notices) {
  if (notices.empty()) return;
  // Frames are made before taking the lock; only the sequence numbers are given under it.
  std::vector<std::shared_ptr<FeedEntry>> made;
  made.reserve(notices.size());
  for (Notice& notice : notices) {
    auto entry = std::make_shared<FeedEntry>();
    entry->type = TypeBit(notice.type).value_or(0);
    entry->phone_number_id = std::move(notice.phone_number_id);
    entry->wamid = std::move(notice.wamid);
    entry->frame = FrameOf(notice);
    made.push_back(std::move(entry));
  }
  std::vector<std::shared_ptr<Subscriber>> to_wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& entry : made) {
      entry->seq = ++newest_seq_;
      ring_[entry->seq % ring_.size()] = std::move(entry);
    }
    for (Subscriber* subscriber : subscribers_) {
      if (subscriber->wake_pending_.exchange(true)) continue;
      // Alive while registered: its destructor unregisters under mu_ before it goes.
      std::shared_ptr<Subscriber> alive = subscriber->weak_self_.lock();
      if (alive) to_wake.push_back(std::move(alive));
    }
  }
  for (const auto& subscriber : to_wake) subscriber->CallWake();
}

void LiveFeed::MarkGap() {
  std::vector<std::shared_ptr<Subscriber>> to_wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    gap_seq_ = newest_seq_ + 1;
    for (Subscriber* subscriber : subscribers_) {
      subscriber->resync_ = true;
      if (subscriber->wake_pending_.exchange(true)) continue;
      std::shared_ptr<Subscriber> alive = subscriber->weak_self_.lock();
      if (alive) to_wake.push_back(std::move(alive));
    }
  }
  for (const auto& subscriber : to_wake) subscriber->CallWake();
}

bool LiveFeed::InRing(uint64_t next) const {
  uint64_t oldest = newest_seq_ >= ring_.size() ? newest_seq_ - ring_.size() + 1 : 0;
  return next >= std::max(oldest, first_seq_) && next <= newest_seq_ + 1;
}

std::shared_ptr<LiveFeed::Subscriber> LiveFeed::Subscribe(Filter filter,
                                                          std::optional<uint64_t> last_seen) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || subscribers_.size() >= limits_.max_subscribers) return nullptr;
  // Resuming after a gap would skip what the gap lost.
  bool resync = last_seen && (!InRing(*last_seen + 1) || *last_seen < gap_seq_);
  uint64_t next = last_seen && !resync ? *last_seen + 1 : newest_seq_ + 1;
  auto subscriber = std::make_shared<Subscriber>(shared_from_this(), std::move(filter), newest_seq_,
                                                 next, resync);
  subscriber->weak_self_ = subscriber;
  subscribers_.push_back(subscriber.get());
  return subscriber;
}

void LiveFeed::Close() {
  std::vector<std::shared_ptr<Subscriber>> to_wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    for (Subscriber* subscriber : subscribers_) {
      subscriber->ended_ = true;
      subscriber->wake_pending_.store(true);
      std::shared_ptr<Subscriber> alive = subscriber->weak_self_.lock();
      if (alive) to_wake.push_back(std::move(alive));
    }
  }
  for (const auto& subscriber : to_wake) subscriber->CallWake();
}

uint64_t LiveFeed::newest_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return newest_seq_;
}

size_t LiveFeed::subscribers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return subscribers_.size();
}

LiveFeed::Subscriber::Subscriber(std::shared_ptr<LiveFeed> feed, Filter filter, uint64_t start_seq,
                                 uint64_t next_seq, bool resync)
    : feed_(std::move(feed)),
      filter_(std::move(filter)),
      start_seq_(start_seq),
      next_seq_(next_seq),
      resync_(resync) {}

LiveFeed::Subscriber::~Subscriber() { Close(); }

void LiveFeed::Subscriber::SetWake(std::function<void()> wake) {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    if (closed_) return;
    wake_ = std::move(wake);
  }
  bool ready;
  {
    std::lock_guard<std::mutex> lock(feed_->mu_);
    ready = resync_ || ended_ || next_seq_ <= feed_->newest_seq_;
  }
  if (ready && !wake_pending_.exchange(true)) CallWake();
}

void LiveFeed::Subscriber::CallWake() {
  std::lock_guard<std::mutex> lock(wake_mu_);
  if (wake_) wake_();
}

LiveFeed::Subscriber::Batch LiveFeed::Subscriber::Take() {
  Batch batch;
  // Cleared before reading: a notice published after this point wakes the reader again.
  wake_pending_.store(false);
  std::lock_guard<std::mutex> lock(feed_->mu_);
  LiveFeed& feed = *feed_;
  if (ended_) {
    batch.ended = true;
    return batch;
  }
  if (resync_ || !feed.InRing(next_seq_)) {
    resync_ = false;
    batch.resync = true;
    batch.resync_seq = feed.newest_seq_;
    next_seq_ = feed.newest_seq_ + 1;
    return batch;
  }
  size_t scanned = 0;
  while (next_seq_ <= feed.newest_seq_ && scanned < feed.limits_.max_scan &&
         batch.entries.size() < feed.limits_.max_take) {
    const FeedEntryPtr& entry = feed.ring_[next_seq_ % feed.ring_.size()];
    if (Matches(filter_, *entry)) batch.entries.push_back(entry);
    ++next_seq_;
    ++scanned;
  }
  batch.more = next_seq_ <= feed.newest_seq_;
  return batch;
}

void LiveFeed::Subscriber::Close() {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    if (closed_) return;
    closed_ = true;
    wake_ = nullptr;
  }
  std::lock_guard<std::mutex> lock(feed_->mu_);
  auto& list = feed_->subscribers_;
  list.erase(std::remove(list.begin(), list.end(), this), list.end());
}

}  // namespace socialite::live
