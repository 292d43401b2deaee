// The writer holds the live notices a batch's jobs publish until the batch's COMMIT, drops
// those of a job whose savepoint rolled back, and hands the rest over before any job's answer.
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/id_generator.h"
#include "server/exec/writer.h"
#include "server/handlers/store_errors.h"
#include "server/live/notice.h"
#include "storage/database.h"
#include "storage/statement.h"

namespace socialite::live {
namespace {

class RecordingSink : public NoticeSink {
 public:
  bool wanted() const override { return true; }
  void PublishAll(std::vector<Notice> notices) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (Notice& notice : notices) data_.push_back(notice.data);
  }
  std::vector<std::string> data() {
    std::lock_guard<std::mutex> lock(mu_);
    return data_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> data_;
};

Notice Note(std::string data) {
  Notice notice;
  notice.type = "message";
  notice.data = std::move(data);
  return notice;
}

TEST(WriterNoticesTest, ToldAfterCommitWithoutTheRolledBackJobs) {
  auto db = std::move(storage::Database::Open(":memory:")).value();
  ASSERT_TRUE(db->Execute("CREATE TABLE notes (text TEXT)").ok());
  ManualClock clock(1'700'000'000'000);
  RandomIdGenerator ids(7);
  Options options;
  RecordingSink sink;
  Services services{*db,     clock,   ids,     options, nullptr, nullptr,
                    nullptr, nullptr, nullptr, false,   nullptr, &sink};
  exec::Writer writer(services);

  // A first job holds the writer until the others are queued, so they run in one batch; they
  // are queued only once it runs, or the writer could take the first of them into its batch.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  ASSERT_TRUE(writer.Submit(
      [released, &holding](Services&) -> Status {
        holding.set_value();
        released.wait();
        return {};
      },
      nullptr));
  holding.get_future().wait();
  std::vector<std::future<std::vector<std::string>>> told;  // what the sink had at each answer
  auto submit = [&](exec::StateJob job) {
    auto answered = std::make_shared<std::promise<std::vector<std::string>>>();
    told.push_back(answered->get_future());
    ASSERT_TRUE(writer.Submit(std::move(job),
                              [&sink, answered](Status) { answered->set_value(sink.data()); }));
  };
  submit([&](Services& s) -> Status {
    Publish(s.live, [] { return Note("first"); });
    EXPECT_TRUE(sink.data().empty());  // held, not told
    return FromStore(storage::Statement(s.db, "INSERT INTO notes VALUES ('a')").Run());
  });
  submit([](Services& s) -> Status {
    Publish(s.live, [] { return Note("rolled back"); });
    return InternalService("this job fails");
  });
  submit([](Services& s) -> Status {
    Publish(s.live, [] { return Note("third"); });
    return {};
  });
  release.set_value();
  for (auto& answer : told) {
    EXPECT_EQ(answer.get(), (std::vector<std::string>{"first", "third"}));
  }
  writer.Stop();
}

}  // namespace
}  // namespace socialite::live
