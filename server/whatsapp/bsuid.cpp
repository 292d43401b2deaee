#include "server/whatsapp/bsuid.h"

#include <cstdint>
#include <utility>

#include "server/core/sha256.h"

namespace socialite::whatsapp {
namespace {

// Calling codes of the most common WhatsApp markets, longest first where they overlap.
constexpr std::pair<const char*, const char*> kCallingCodes[] = {
    {"971", "AE"}, {"966", "SA"}, {"972", "IL"}, {"974", "QA"}, {"965", "KW"}, {"962", "JO"},
    {"234", "NG"}, {"254", "KE"}, {"233", "GH"}, {"351", "PT"}, {"353", "IE"}, {"880", "BD"},
    {"852", "HK"}, {"20", "EG"},  {"27", "ZA"},  {"30", "GR"},  {"31", "NL"},  {"32", "BE"},
    {"33", "FR"},  {"34", "ES"},  {"39", "IT"},  {"40", "RO"},  {"41", "CH"},  {"43", "AT"},
    {"44", "GB"},  {"45", "DK"},  {"46", "SE"},  {"47", "NO"},  {"48", "PL"},  {"49", "DE"},
    {"51", "PE"},  {"52", "MX"},  {"54", "AR"},  {"55", "BR"},  {"56", "CL"},  {"57", "CO"},
    {"58", "VE"},  {"60", "MY"},  {"61", "AU"},  {"62", "ID"},  {"63", "PH"},  {"64", "NZ"},
    {"65", "SG"},  {"66", "TH"},  {"81", "JP"},  {"82", "KR"},  {"84", "VN"},  {"86", "CN"},
    {"90", "TR"},  {"91", "IN"},  {"92", "PK"},  {"1", "US"},   {"7", "RU"},
};

}  // namespace

std::string CountryOfNumber(const std::string& wa_id) {
  for (const auto& [code, country] : kCallingCodes) {
    if (wa_id.rfind(code, 0) == 0) return country;
  }
  return "ZZ";
}

std::string BusinessScopedUserId(const std::string& meta_waba_id, const std::string& wa_id) {
  // The last answer of this thread: a Send's statuses ask for the same one in a row, and each
  // is a SHA-256 otherwise.
  thread_local std::string last_input;
  thread_local std::string last_id;
  std::string input = "bsuid|" + meta_waba_id + "|" + wa_id;
  if (input == last_input) return last_id;
  std::string digest = Sha256Hex(input);
  uint64_t number = 0;
  for (size_t i = 0; i < 16; ++i) {
    char c = digest[i];
    number = number * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  last_id = CountryOfNumber(wa_id) + "." + std::to_string(number);
  last_input = std::move(input);
  return last_id;
}

}  // namespace socialite::whatsapp
