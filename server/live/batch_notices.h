// BatchNotices: the notices of one writer batch, held until the batch's COMMIT. The writer
// gives its jobs this buffer as Services::live, drops what a job published when its savepoint
// rolls back (or the whole transaction's when it is lost), and flushes the rest to the hub
// after the COMMIT — so a reader of the live stream never hears of a change that is not durable.
// Used by the writer's thread alone.
#pragma once

#include <cstddef>
#include <vector>

#include "server/live/notice.h"

namespace socialite::live {

class BatchNotices : public NoticeSink {
 public:
  // `target` (the hub) may be null: then nothing is kept and sink() is null.
  explicit BatchNotices(NoticeSink* target) : target_(target) {}

  // What the batch's jobs publish to.
  NoticeSink* sink() { return target_ != nullptr ? this : nullptr; }

  bool wanted() const override { return target_ != nullptr && target_->wanted(); }
  void PublishAll(std::vector<Notice> notices) override;
  void Publish(Notice notice) override;

  // A position to drop back to.
  size_t Mark() const { return pending_.size(); }
  // Forgets what was published since `mark` (its changes were rolled back).
  void DropSince(size_t mark);
  // Hands what is held to the target (after the COMMIT) and empties the buffer.
  void Flush();

 private:
  NoticeSink* const target_;
  std::vector<Notice> pending_;
};

}  // namespace socialite::live
