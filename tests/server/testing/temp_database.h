// A database file in a directory of its own, removed with it: for the tests whose subject needs
// a file (WAL mode, read-only connections beside the writer), not `:memory:`.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>  // mkdtemp
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "storage/database.h"

namespace socialite::testing {

class TempDatabase {
 public:
  // Opens `test.db` in a new directory and creates `notes (text TEXT)`; aborts if it can't.
  TempDatabase() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "socialite-db-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("TempDatabase: mkdtemp");
      std::abort();
    }
    dir_ = pattern;
    auto opened = storage::Database::Open(path());
    if (!opened.ok() || !opened.value()->Execute("CREATE TABLE notes (text TEXT)").ok()) {
      std::fprintf(stderr, "TempDatabase: cannot open %s\n", path().c_str());
      std::abort();
    }
    db_ = std::move(opened).value();
  }
  ~TempDatabase() {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  storage::Database& db() { return *db_; }
  std::string path() const { return dir_ + "/test.db"; }

 private:
  std::string dir_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace socialite::testing
