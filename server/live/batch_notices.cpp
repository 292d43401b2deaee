#include "server/live/batch_notices.h"

#include <iterator>
#include <utility>

namespace socialite::live {

void BatchNotices::PublishAll(std::vector<Notice> notices) {
  if (target_ == nullptr) return;
  pending_.insert(pending_.end(), std::make_move_iterator(notices.begin()),
                  std::make_move_iterator(notices.end()));
}

void BatchNotices::Publish(Notice notice) {
  if (target_ != nullptr) pending_.push_back(std::move(notice));
}

void BatchNotices::DropSince(size_t mark) {
  if (mark < pending_.size()) pending_.resize(mark);
}

void BatchNotices::Flush() {
  if (pending_.empty()) return;
  target_->PublishAll(std::exchange(pending_, {}));
}

}  // namespace socialite::live
