// RequestJournal: the most recent API requests (bounded ring, newest first on reading) with
// each one's operation, input — sensitive members redacted —, status and error, so a contract
// test can assert what a client sent. Bounded in entries and in bytes: each entry is kept in
// bounded form (ops/bounded_value) and the oldest go first when the byte budget is reached,
// since inputs are recorded before validation and can be as large as a body. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/core/value.h"

namespace socialite::ops {

struct JournalEntry {
  int64_t sequence = 0;  // assigned by Add, increasing
  int64_t time_ms = 0;
  std::string request_id;
  std::string method;
  std::string path;
  std::string operation;
  std::string account;
  std::string region;
  Value input;  // the bound input, redacted; null when binding failed
  int status = 0;
  std::string error_type;  // empty on success
  std::string error_message;
};

struct JournalQuery {
  std::optional<std::string> operation;
  std::optional<int> status;
  std::optional<int64_t> since_ms;  // entries at or after this time
  size_t limit = 100;
};

// A query's "since": RFC 3339 ("2026-11-22T02:48:22Z", fraction and offset optional) or
// epoch milliseconds; nullopt when it is neither.
std::optional<int64_t> ParseJournalTime(const std::string& text);

class RequestJournal {
 public:
  static constexpr size_t kDefaultCapacity = 1000;
  static constexpr size_t kDefaultByteBudget = 8 * 1024 * 1024;
  // Per entry: the input as BoundedCopy keeps it; the path and error message cut past this.
  static constexpr size_t kMaxTextBytes = 4096;
  explicit RequestJournal(size_t capacity = kDefaultCapacity,
                          size_t byte_budget = kDefaultByteBudget)
      : capacity_(capacity), byte_budget_(byte_budget) {}

  void Add(JournalEntry entry);
  std::vector<JournalEntry> Query(const JournalQuery& query) const;  // newest first
  size_t Clear();  // returns how many entries it removed
  size_t size() const;
  size_t capacity() const { return capacity_; }
  size_t byte_budget() const { return byte_budget_; }
  // The accounted size of the entries kept, never above byte_budget().
  size_t bytes() const;

  static Value ToValue(const JournalEntry& entry);

 private:
  struct Kept {
    JournalEntry entry;
    size_t bytes;
  };

  size_t capacity_;
  size_t byte_budget_;
  mutable std::mutex mu_;
  std::deque<Kept> entries_;
  size_t bytes_ = 0;
  int64_t next_sequence_ = 1;
};

}  // namespace socialite::ops
