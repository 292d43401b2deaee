#include "storage/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/schema.h"
#include "storage/statement.h"

namespace socialite::storage {
namespace {

std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  if (!db.ok()) return nullptr;
  return std::move(db).value();
}

int64_t CountRows(Database& db, const std::string& table) {
  Statement st(db, "SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(st.Step()) << st.status().error().message;
  return st.Int(0);
}

StoreStatus InsertMetaAccount(Database& db, const std::string& token, const std::string& waba) {
  Statement st(db, "INSERT INTO meta_accounts (access_token, meta_waba_id, name) VALUES (?, ?, ?)");
  return st.Bind(1, token).Bind(2, waba).Bind(3, "name").Run();
}

// A fresh directory under the system temp dir, removed with its contents at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "socialite-db-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  bool ok() const { return !path_.empty(); }

 private:
  std::string path_;
};

TEST(DatabaseTest, MigrationsSetUserVersion) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->SchemaVersion(), static_cast<int>(Migrations().size()));
  EXPECT_GE(Migrations().size(), 1u);
}

TEST(DatabaseTest, SchemaHasTheTablesOfTheStores) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  for (const char* table : {"meta_accounts", "meta_phone_numbers", "signups", "signup_numbers",
                            "wabas", "waba_event_destinations", "phone_numbers", "tags"}) {
    Statement st(*db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.Bind(1, table);
    ASSERT_TRUE(st.Step());
    EXPECT_EQ(st.Int(0), 1) << table;
  }
}

TEST(DatabaseTest, ForeignKeysAreEnforced) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Statement st(*db, "PRAGMA foreign_keys");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 1);
  EXPECT_TRUE(db->IntegrityOk());
}

TEST(DatabaseTest, FileDatabaseKeepsDataAcrossReopenWithoutRerunningMigrations) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.File("socialite.db");
  {
    auto db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->path(), path);
    ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  auto reopened = OpenOrDie(path);  // re-running migration 1 would fail on CREATE TABLE
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->SchemaVersion(), static_cast<int>(Migrations().size()));
  EXPECT_EQ(CountRows(*reopened, "meta_accounts"), 1);
  EXPECT_TRUE(reopened->IntegrityOk());
}

TEST(DatabaseTest, FileDatabaseUsesWal) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  auto db = OpenOrDie(dir.File("wal.db"));
  ASSERT_NE(db, nullptr);
  Statement st(*db, "PRAGMA journal_mode");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Text(0), "wal");
}

TEST(DatabaseTest, OpenFailsForAnUnreachablePath) {
  auto db = Database::Open("/nonexistent-dir-socialite/sub/x.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.code(), StoreCode::kError);
  EXPECT_FALSE(db.error().message.empty());
}

TEST(DatabaseTest, ExecuteReportsSqlErrors) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  StoreStatus status = db->Execute("SELEKT 1");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StoreCode::kError);
  EXPECT_NE(status.error().message.find("syntax error"), std::string::npos)
      << status.error().message;
}

TEST(DatabaseTest, UniqueViolationIsAlreadyExists) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
  StoreStatus again = InsertMetaAccount(*db, "token", "200");
  EXPECT_EQ(again.code(), StoreCode::kAlreadyExists);
  StoreStatus same_waba = InsertMetaAccount(*db, "other", "100");
  EXPECT_EQ(same_waba.code(), StoreCode::kAlreadyExists);
}

TEST(DatabaseTest, StatementOnBadSqlCarriesTheError) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Statement st(*db, "SELECT nope FROM nowhere");
  EXPECT_FALSE(st.status().ok());
  EXPECT_FALSE(st.Step());
  EXPECT_EQ(st.Run().code(), StoreCode::kError);
}

TEST(DatabaseTest, StatementBindsAndReadsTypes) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Statement st(*db, "SELECT ?, ?, ?, ?");
  st.Bind(1, "text").Bind(2, int64_t{1} << 40).BindNull(3).BindOptional(4, std::string("o"));
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Text(0), "text");
  EXPECT_EQ(st.Int(1), int64_t{1} << 40);
  EXPECT_TRUE(st.IsNull(2));
  EXPECT_EQ(st.OptionalText(2), std::nullopt);
  EXPECT_EQ(st.OptionalText(3), "o");
  EXPECT_FALSE(st.Step());
  EXPECT_TRUE(st.status().ok());
}

// A string literal must bind as text. Before Statement::Bind(int, const char*) existed, the
// literal converted to bool (a standard conversion beats the user-defined one to string_view)
// and bound the integer 1.
TEST(DatabaseTest, StringLiteralBindsAsText) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Statement st(*db, "SELECT typeof(?), ?");
  st.Bind(1, "literal").Bind(2, "literal");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Text(0), "text");
  EXPECT_EQ(st.Text(1), "literal");
}

TEST(DatabaseTest, StatementResetRebinds) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Statement st(*db, "SELECT ? + 1");
  st.Bind(1, 1);
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 2);
  st.Reset();
  st.Bind(1, 41);
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 42);
}

TEST(TransactionTest, RollsBackWhenNotCommitted) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  {
    Transaction txn(*db);
    ASSERT_TRUE(txn.begin_status().ok());
    ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
    EXPECT_EQ(CountRows(*db, "meta_accounts"), 1);
  }
  EXPECT_EQ(CountRows(*db, "meta_accounts"), 0);
}

TEST(TransactionTest, KeepsDataWhenCommitted) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  {
    Transaction txn(*db);
    ASSERT_TRUE(txn.begin_status().ok());
    ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
    ASSERT_TRUE(txn.Commit().ok());
  }
  EXPECT_EQ(CountRows(*db, "meta_accounts"), 1);
}

TEST(TransactionTest, CommitTwiceFails) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Transaction txn(*db);
  ASSERT_TRUE(txn.Commit().ok());
  StoreStatus again = txn.Commit();
  EXPECT_EQ(again.code(), StoreCode::kError);
  EXPECT_EQ(again.error().message, "transaction is not open");
}

TEST(TransactionTest, ANestedOneIsASavepointWhoseRollbackLeavesTheOuterOneIntact) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Transaction outer(*db);
  ASSERT_TRUE(outer.begin_status().ok());
  ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
  {
    Transaction inner(*db);
    EXPECT_TRUE(inner.begin_status().ok());
    ASSERT_TRUE(InsertMetaAccount(*db, "other", "101").ok());
  }  // rolled back: only the inner change goes
  ASSERT_TRUE(outer.Commit().ok());
  EXPECT_EQ(CountRows(*db, "meta_accounts"), 1);
}

TEST(DatabaseTest, DeleteAllRowsEmptiesEveryTableAndKeepsTheSchema) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
  ASSERT_TRUE(db->Execute("INSERT INTO meta_phone_numbers VALUES ('1', '100', '+1', '+1', 'd', "
                          "'GREEN', 0)")
                  .ok());
  ASSERT_TRUE(db->DeleteAllRows().ok());
  EXPECT_EQ(CountRows(*db, "meta_accounts"), 0);
  EXPECT_EQ(CountRows(*db, "meta_phone_numbers"), 0);
  EXPECT_EQ(db->SchemaVersion(), static_cast<int>(Migrations().size()));
  ASSERT_TRUE(InsertMetaAccount(*db, "token", "100").ok());
  Statement fk(*db, "PRAGMA foreign_keys");
  ASSERT_TRUE(fk.Step());
  EXPECT_EQ(fk.Int(0), 1);
}

}  // namespace
}  // namespace socialite::storage
