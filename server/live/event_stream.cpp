#include "server/live/event_stream.h"

#include <utility>

namespace socialite::live {
namespace {

// How long EventSource waits before reconnecting, sent with the first frame.
constexpr char kRetry[] = "retry: 1000\n";

void AppendSeqFrame(std::string& out, const char* type, uint64_t seq, bool with_id) {
  std::string number = std::to_string(seq);
  if (with_id) out += "id: " + number + "\n";
  out += "event: ";
  out += type;
  out += "\ndata: {\"seq\":" + number + "}\n\n";
}

}  // namespace

EventStream::EventStream(std::shared_ptr<LiveFeed::Subscriber> subscriber, bool resumed,
                         std::chrono::milliseconds keep_alive)
    : subscriber_(std::move(subscriber)), resumed_(resumed), keep_alive_(keep_alive) {}

EventStream::~EventStream() { subscriber_->Close(); }

void EventStream::Start(std::function<void()> wake) { subscriber_->SetWake(std::move(wake)); }

bool EventStream::Pull(std::string& out, size_t max_bytes) {
  for (;;) {
    LiveFeed::Subscriber::Batch batch = subscriber_->Take();
    if (batch.ended) return false;
    if (!greeted_) out += kRetry;
    if (batch.resync) AppendSeqFrame(out, "resync", batch.resync_seq, /*with_id=*/true);
    if (!greeted_) {
      greeted_ = true;
      // A resumed reader's id stays where it was until the frames after it arrive.
      AppendSeqFrame(out, "hello", batch.resync ? batch.resync_seq : subscriber_->start_seq(),
                     !resumed_);
    }
    for (const FeedEntryPtr& entry : batch.entries) {
      out += "id: ";
      out += std::to_string(entry->seq);
      out += '\n';
      out += entry->frame;
    }
    if (!batch.more || out.size() >= max_bytes) return true;
  }
}

void EventStream::Close() { subscriber_->Close(); }

}  // namespace socialite::live
