#include "server/whatsapp/call_settings_rules.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>
#include <vector>

namespace socialite::whatsapp {
namespace {

// Minutes since midnight of a WhatsAppTimeOfDay (ranges are checked by the spec).
int Minutes(const Value* time) {
  return static_cast<int>(time->GetInt("hours").value_or(0) * 60 +
                          time->GetInt("minutes").value_or(0));
}

// "Area/Location" (one or more slashes) or UTC/GMT, as IANA names are written.
bool LooksLikeIanaZone(const std::string& zone) {
  if (zone == "UTC" || zone == "GMT") return true;
  size_t slash = zone.find('/');
  if (slash == std::string::npos || slash == 0 || zone.back() == '/') return false;
  for (char c : zone) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' &&
        c != '+') {
      return false;
    }
  }
  return std::isupper(static_cast<unsigned char>(zone[0])) != 0;
}

bool IsCalendarDate(const std::string& date) {
  // YYYY-MM-DD: the pattern is the spec's; the day must exist.
  int year = std::stoi(date.substr(0, 4));
  int month = std::stoi(date.substr(5, 2));
  int day = std::stoi(date.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::optional<std::string> OneOf(const Value& settings, const char* member,
                                 std::initializer_list<const char*> allowed) {
  auto value = settings.GetString(member);
  if (!value) return std::nullopt;
  std::string names;
  for (const char* name : allowed) {
    if (*value == name) return std::nullopt;
    names += names.empty() ? name : std::string(", ") + name;
  }
  return std::string("callSettings.") + member + " '" + *value + "' is not one of " + names;
}

std::optional<std::string> HoursProblem(const Value& hours) {
  if (!LooksLikeIanaZone(*hours.GetString("timezone"))) {
    return "callSettings.callHours.timezone '" + *hours.GetString("timezone") +
           "' is not an IANA time zone such as America/New_York";
  }
  std::map<std::string, std::vector<std::pair<int, int>>> by_day;
  const auto& weekly = hours.Get("weeklyOperatingHours")->AsList();
  for (size_t i = 0; i < weekly.size(); ++i) {
    const Value& entry = weekly[i];
    std::string where = "callSettings.callHours.weeklyOperatingHours." + std::to_string(i + 1);
    int open = Minutes(entry.Get("openTime"));
    int close = Minutes(entry.Get("closeTime"));
    if (open >= close) return where + ": openTime must be before closeTime";
    by_day[*entry.GetString("dayOfWeek")].emplace_back(open, close);
  }
  for (auto& [day, ranges] : by_day) {
    if (ranges.size() > 2) return "callSettings.callHours: " + day + " has more than two ranges";
    std::sort(ranges.begin(), ranges.end());
    if (ranges.size() == 2 && ranges[1].first < ranges[0].second) {
      return "callSettings.callHours: the two ranges of " + day + " overlap";
    }
  }
  if (const Value* holidays = hours.Get("holidaySchedule"); holidays != nullptr) {
    const auto& list = holidays->AsList();
    for (size_t i = 0; i < list.size(); ++i) {
      std::string where = "callSettings.callHours.holidaySchedule." + std::to_string(i + 1);
      if (!IsCalendarDate(*list[i].GetString("date"))) {
        return where + ": date '" + *list[i].GetString("date") + "' is not a calendar date";
      }
      if (Minutes(list[i].Get("startTime")) >= Minutes(list[i].Get("endTime"))) {
        return where + ": startTime must be before endTime";
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CallSettingsProblem(const Value& settings) {
  if (auto problem = OneOf(settings, "callIconVisibility", {"DEFAULT", "DISABLE_ALL"})) {
    return problem;
  }
  if (auto problem = OneOf(settings, "callbackPermissionStatus", {"ENABLED", "DISABLED"})) {
    return problem;
  }
  if (const Value* hours = settings.Get("callHours"); hours != nullptr) return HoursProblem(*hours);
  return std::nullopt;
}

}  // namespace socialite::whatsapp
