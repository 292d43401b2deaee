#include "server/ops/request_journal.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>

#include "server/ops/access_log.h"
#include "server/ops/bounded_value.h"

namespace socialite::ops {
namespace {

// Reads exactly `count` digits at `pos` (advancing it); nullopt when they are not all there.
std::optional<int> Digits(const std::string& text, size_t& pos, size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool Expect(const std::string& text, size_t& pos, std::string_view choices) {
  if (pos >= text.size() || choices.find(text[pos]) == std::string_view::npos) return false;
  ++pos;
  return true;
}

std::optional<int64_t> ParseRfc3339(const std::string& text) {
  using namespace std::chrono;
  size_t pos = 0;
  auto year = Digits(text, pos, 4);
  if (!year || !Expect(text, pos, "-")) return std::nullopt;
  auto month = Digits(text, pos, 2);
  if (!month || !Expect(text, pos, "-")) return std::nullopt;
  auto day = Digits(text, pos, 2);
  if (!day || !Expect(text, pos, "Tt ")) return std::nullopt;
  auto hour = Digits(text, pos, 2);
  if (!hour || !Expect(text, pos, ":")) return std::nullopt;
  auto minute = Digits(text, pos, 2);
  if (!minute || !Expect(text, pos, ":")) return std::nullopt;
  auto second = Digits(text, pos, 2);
  if (!second) return std::nullopt;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t start = pos;
    // Any number of fraction digits; what is finer than a millisecond is dropped.
    for (int scale = 100; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]));
         ++pos, scale /= 10) {
      millis += (text[pos] - '0') * scale;
    }
    if (pos == start) return std::nullopt;
  }
  // RFC 3339 requires a zone: Z or a numeric offset.
  int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos++] == '-' ? -1 : 1;
    auto offset_hours = Digits(text, pos, 2);
    if (!offset_hours || !Expect(text, pos, ":")) return std::nullopt;
    auto offset_mins = Digits(text, pos, 2);
    if (!offset_mins || *offset_hours > 23 || *offset_mins > 59) return std::nullopt;
    offset_minutes = sign * (*offset_hours * 60 + *offset_mins);
  } else if (!Expect(text, pos, "Zz")) {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  year_month_day date{std::chrono::year(*year), std::chrono::month(*month), std::chrono::day(*day)};
  // 60 is a leap second, which RFC 3339 allows; it counts as the next second.
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  int64_t day_ms = duration_cast<milliseconds>(sys_days(date).time_since_epoch()).count();
  return day_ms + ((*hour * 60LL + *minute - offset_minutes) * 60 + *second) * 1000 + millis;
}

size_t TextBytes(const std::string& text) { return text.size() > 15 ? text.capacity() + 1 : 0; }

// The entry's size as kept: the entry itself, its strings' heap bytes and its input's copy.
size_t EntryBytes(const JournalEntry& entry, size_t input_bytes) {
  return sizeof(JournalEntry) + input_bytes + TextBytes(entry.request_id) +
         TextBytes(entry.method) + TextBytes(entry.path) + TextBytes(entry.operation) +
         TextBytes(entry.account) + TextBytes(entry.region) + TextBytes(entry.error_type) +
         TextBytes(entry.error_message);
}

}  // namespace

std::optional<int64_t> ParseJournalTime(const std::string& text) {
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
    if (text.size() > 15) return std::nullopt;  // past the year 33658: a mistake, not a time
    return std::stoll(text);
  }
  return ParseRfc3339(text);
}

void RequestJournal::Add(JournalEntry entry) {
  // Bounded before taking the lock; the original input is freed here.
  BoundedValue input = BoundedCopy(entry.input);
  entry.input = std::move(input.value);
  entry.path = BoundedText(entry.path, kMaxTextBytes);
  entry.error_type = BoundedText(entry.error_type, kMaxTextBytes);
  entry.error_message = BoundedText(entry.error_message, kMaxTextBytes);
  const size_t bytes = EntryBytes(entry, input.bytes);

  std::lock_guard<std::mutex> lock(mu_);
  entry.sequence = next_sequence_++;
  entries_.push_back(Kept{std::move(entry), bytes});
  bytes_ += bytes;
  while (!entries_.empty() && (entries_.size() > capacity_ || bytes_ > byte_budget_)) {
    bytes_ -= entries_.front().bytes;
    entries_.pop_front();
  }
}

std::vector<JournalEntry> RequestJournal::Query(const JournalQuery& query) const {
  size_t limit = std::min(query.limit, capacity_);
  std::vector<JournalEntry> found;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = entries_.rbegin(); it != entries_.rend() && found.size() < limit; ++it) {
    const JournalEntry& entry = it->entry;
    if (query.operation && entry.operation != *query.operation) continue;
    if (query.status && entry.status != *query.status) continue;
    if (query.since_ms && entry.time_ms < *query.since_ms) continue;
    found.push_back(entry);
  }
  return found;
}

size_t RequestJournal::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  size_t cleared = entries_.size();
  entries_.clear();
  bytes_ = 0;
  return cleared;
}

size_t RequestJournal::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

size_t RequestJournal::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

Value RequestJournal::ToValue(const JournalEntry& entry) {
  Value out = Value::Object();
  out.Set("sequence", entry.sequence);
  out.Set("time", Rfc3339Millis(entry.time_ms));
  out.Set("requestId", entry.request_id);
  out.Set("method", entry.method);
  out.Set("path", entry.path);
  out.Set("operation", entry.operation);
  out.Set("account", entry.account);
  out.Set("region", entry.region);
  out.Set("input", entry.input);
  out.Set("status", entry.status);
  if (!entry.error_type.empty()) {
    out.Set("error",
            Value::Object().Set("type", entry.error_type).Set("message", entry.error_message));
  }
  return out;
}

}  // namespace socialite::ops
