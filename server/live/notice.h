// Notice: one thing that happened, as the live stream (GET /_socialite/stream) tells it — a
// type and one line of JSON — and NoticeSink, where code that makes things happen hands
// notices over. Services carries a sink (Services::live): on the writer it is a buffer that
// passes the batch's notices on after its COMMIT (live/batch_notices.h); elsewhere it is the
// hub (live/live_hub.h). Publishers call Publish(services.live, [&] { return ...Notice(...); }):
// the notice is made only when a sink wants it — not at all until the first stream opens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace socialite::live {

struct Notice {
  std::string type;  // message, inbound, status, event, request, template, clock, reset
  std::string data;  // one line of JSON (no line breaks)
  // What the stream's filters look at; empty when the notice is not about one.
  std::string phone_number_id;
  std::string wamid;
  // Set: the notice takes effect at this time on the simulation clock (a status scheduled
  // ahead); it is told once the clock gets there.
  std::optional<int64_t> at_ms;
};

class NoticeSink {
 public:
  virtual ~NoticeSink() = default;
  // Whether notices are wanted now (the hub is dormant until the first stream opens).
  virtual bool wanted() const = 0;
  // Takes the notices in order. Never blocks on the network; safe from any thread.
  virtual void PublishAll(std::vector<Notice> notices) = 0;
  virtual void Publish(Notice notice) {
    std::vector<Notice> one;
    one.push_back(std::move(notice));
    PublishAll(std::move(one));
  }
};

inline bool Wanted(const NoticeSink* sink) { return sink != nullptr && sink->wanted(); }

// Makes the notice (`make()`) and hands it to `sink`, unless the sink is null (no live stream
// in this setup) or wants none.
template <class MakeNotice>
void Publish(NoticeSink* sink, MakeNotice&& make) {
  if (Wanted(sink)) sink->Publish(make());
}

}  // namespace socialite::live
