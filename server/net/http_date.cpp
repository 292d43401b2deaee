#include "server/net/http_date.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace socialite::net {

std::string ImfFixdate(int64_t epoch_seconds) {
  // Fixed English names: strftime's would follow the locale.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const time_t seconds = static_cast<time_t>(epoch_seconds);
  std::tm fields{};
  gmtime_r(&seconds, &fields);
  char text[40];
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[fields.tm_wday],
                fields.tm_mday, kMonths[fields.tm_mon], fields.tm_year + 1900, fields.tm_hour,
                fields.tm_min, fields.tm_sec);
  return text;
}

const std::string& CurrentHttpDate() {
  thread_local int64_t formatted_second = -1;
  thread_local std::string formatted;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (now != formatted_second) {
    formatted = ImfFixdate(now);
    formatted_second = now;
  }
  return formatted;
}

}  // namespace socialite::net
