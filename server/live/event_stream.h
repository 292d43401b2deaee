// EventStream: the body of GET /_socialite/stream — one feed subscriber as server-sent events.
// The first frame is `hello` with the sequence number the stream starts from (carrying it as
// the frame id when the reader gave none, so that a reconnect resumes from there), preceded by
// `resync` when the reader resumes from an id the feed no longer has; then one frame per
// notice ("id: <seq>\nevent: <type>\ndata: <json>\n\n").
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "server/dispatch/http_message.h"
#include "server/live/live_feed.h"

namespace socialite::live {

class EventStream : public ResponseStream {
 public:
  // `resumed`: the reader gave a Last-Event-ID.
  EventStream(std::shared_ptr<LiveFeed::Subscriber> subscriber, bool resumed,
              std::chrono::milliseconds keep_alive);
  ~EventStream() override;

  void Start(std::function<void()> wake) override;
  bool Pull(std::string& out, size_t max_bytes) override;
  std::string KeepAlive() const override { return ": keep-alive\n\n"; }
  std::chrono::milliseconds keep_alive_interval() const override { return keep_alive_; }
  void Close() override;

 private:
  const std::shared_ptr<LiveFeed::Subscriber> subscriber_;
  const bool resumed_;
  const std::chrono::milliseconds keep_alive_;
  bool greeted_ = false;
};

}  // namespace socialite::live
