// A request's transaction: handler Transactions nest in it as savepoints, and what the handler
// committed — and only that — survives, exactly as without it.
#include "storage/request_transaction.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "storage/statement.h"

namespace socialite::storage {
namespace {

class RequestTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    ASSERT_TRUE(db_->Execute("CREATE TABLE notes (text TEXT)").ok());
  }
  StoreStatus Insert(const std::string& text) {
    return Statement(*db_, "INSERT INTO notes (text) VALUES (?)").Bind(1, text).Run();
  }
  int64_t Count() { return Statement(*db_, "SELECT COUNT(*) FROM notes").SingleInt().value(); }
  bool InTransaction() { return sqlite3_get_autocommit(db_->handle()) == 0; }

  std::unique_ptr<Database> db_;
};

TEST_F(RequestTransactionTest, CommittedHandlerChangesSurvive) {
  {
    RequestTransaction request(*db_);
    ASSERT_TRUE(request.active());
    Transaction txn(*db_);
    ASSERT_TRUE(txn.begin_status().ok()) << txn.begin_status().error().message;
    ASSERT_TRUE(Insert("kept").ok());
    ASSERT_TRUE(txn.Commit().ok());
    EXPECT_TRUE(InTransaction());  // durable only once the request's transaction commits
    ASSERT_TRUE(request.Finish().ok());
  }
  EXPECT_FALSE(InTransaction());
  EXPECT_EQ(Count(), 1);
}

TEST_F(RequestTransactionTest, AnAbandonedHandlerTransactionRollsBackAlone) {
  RequestTransaction request(*db_);
  ASSERT_TRUE(Insert("autocommit-style write").ok());
  {
    Transaction txn(*db_);
    ASSERT_TRUE(txn.begin_status().ok());
    ASSERT_TRUE(Insert("abandoned").ok());
  }  // no Commit: rolled back
  {
    Transaction txn(*db_);  // a second one after the first is fine
    ASSERT_TRUE(txn.begin_status().ok());
    ASSERT_TRUE(Insert("second").ok());
    ASSERT_TRUE(txn.Commit().ok());
  }
  ASSERT_TRUE(request.Finish().ok());
  EXPECT_EQ(Count(), 2);
}

TEST_F(RequestTransactionTest, NestedTransactionsAreNestedSavepoints) {
  RequestTransaction request(*db_);
  Transaction outer(*db_);
  ASSERT_TRUE(outer.begin_status().ok());
  ASSERT_TRUE(Insert("outer").ok());
  {
    Transaction inner(*db_);
    ASSERT_TRUE(inner.begin_status().ok());
    ASSERT_TRUE(Insert("inner, rolled back").ok());
  }
  {
    Transaction kept(*db_);
    ASSERT_TRUE(kept.begin_status().ok());
    ASSERT_TRUE(Insert("inner, kept").ok());
    ASSERT_TRUE(kept.Commit().ok());
  }
  ASSERT_TRUE(outer.Commit().ok());
  ASSERT_TRUE(request.Finish().ok());
  EXPECT_EQ(Count(), 2);
}

TEST_F(RequestTransactionTest, TheDestructorCommitsLikeFinish) {
  {
    RequestTransaction request(*db_);
    ASSERT_TRUE(Insert("written").ok());
  }
  EXPECT_FALSE(InTransaction());
  EXPECT_EQ(Count(), 1);
}

TEST_F(RequestTransactionTest, InsideAnOpenTransactionItAddsNothing) {
  Transaction txn(*db_);
  ASSERT_TRUE(txn.begin_status().ok());
  RequestTransaction request(*db_);
  EXPECT_FALSE(request.active());
  EXPECT_TRUE(request.Finish().ok());
  EXPECT_TRUE(InTransaction());  // the outer one is untouched
}

TEST_F(RequestTransactionTest, WithoutARequestTransactionTransactionsBeginAsBefore) {
  Transaction txn(*db_);
  ASSERT_TRUE(txn.begin_status().ok());
  ASSERT_TRUE(Insert("x").ok());
  ASSERT_TRUE(txn.Commit().ok());
  EXPECT_FALSE(InTransaction());
  EXPECT_EQ(Count(), 1);
}

}  // namespace
}  // namespace socialite::storage
