#include "server/whatsapp/message_rules.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

// Meta's codes for a message object it refuses synchronously (facts §4).
constexpr int kInvalidParameter = 100;
constexpr int kRequiredParameterMissing = 131008;
constexpr int kParameterValueNotValid = 131009;
constexpr int kUnsupportedMessageType = 131051;

// Limits of facts §1, counted in Unicode code points.
constexpr size_t kNoLimit = SIZE_MAX;
constexpr size_t kTextBodyMax = 4096;
constexpr size_t kCaptionMax = 1024;
constexpr size_t kCallbackDataMax = 512;
constexpr size_t kContactsMax = 5;
constexpr size_t kInteractiveHeaderTextMax = 60;
constexpr size_t kInteractiveBodyTextMax = 1024;
constexpr size_t kInteractiveFooterTextMax = 60;
constexpr size_t kReplyButtonsMax = 3;
constexpr size_t kReplyButtonIdMax = 256;
constexpr size_t kReplyButtonTitleMax = 20;
constexpr size_t kListButtonMax = 20;
constexpr size_t kListSectionsMax = 10;
constexpr size_t kListSectionTitleMax = 24;
constexpr size_t kListRowsMax = 10;
constexpr size_t kListRowIdMax = 200;
constexpr size_t kListRowTitleMax = 24;
constexpr size_t kListRowDescriptionMax = 72;
constexpr size_t kCtaDisplayTextMax = 20;
constexpr size_t kFlowCtaMax = 30;
constexpr size_t kProductItemsMax = 30;
constexpr size_t kTemplateTextParameterMax = 32768;
constexpr size_t kPhoneDigitsMin = 7;
constexpr size_t kPhoneDigitsMax = 15;
// A reaction is one emoji; ZWJ sequences (families, flags with tags) run to about 10 code
// points, so anything longer cannot be a single emoji.
constexpr size_t kEmojiCodePointsMax = 10;
constexpr int kMinimumMetaApiMajor = 20;

// nullopt while the rules hold; the first broken rule otherwise.
using Check = std::optional<MetaError>;

#define SOCIALITE_RETURN_IF_BROKEN(expr)    \
  do {                                      \
    if (Check socialite_broken_ = (expr)) { \
      return socialite_broken_;             \
    }                                       \
  } while (0)

MetaError Missing(const std::string& details) {
  return MakeMetaError(kRequiredParameterMissing, details);
}
MetaError InvalidParameter(const std::string& details) {
  return MakeMetaError(kInvalidParameter, details);
}
MetaError NotValid(const std::string& details) {
  return MakeMetaError(kParameterValueNotValid, details);
}

std::string Join(const std::string& path, std::string_view name) {
  if (path.empty()) return std::string(name);
  return path + "." + std::string(name);
}

std::string At(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // every byte but a continuation byte starts a code point
  }
  return count;
}

std::vector<char32_t> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
    size_t j = i + 1;
    for (; j < text.size() && j <= i + extra; ++j) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[j]) & 0x3F);
    }
    out.push_back(cp);
    i = j;
  }
  return out;
}

// The value quoted for an error message, cut short so a huge value does not flood it.
std::string Quote(const std::string& value) {
  constexpr size_t kMaxBytes = 64;
  if (value.size() <= kMaxBytes) return "\"" + value + "\"";
  size_t cut = kMaxBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + value.substr(0, cut) + "...\"";
}

const char* KindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return "a boolean";
    case Value::Kind::kInt:
      return "an integer";
    case Value::Kind::kDouble:
      return "a number";
    case Value::Kind::kString:
      return "a string";
    case Value::Kind::kList:
      return "an array";
    case Value::Kind::kObject:
      return "an object";
    default:
      return "a value";
  }
}

bool HasKind(const Value& value, Value::Kind kind) {
  if (kind == Value::Kind::kDouble) {
    return value.kind() == Value::Kind::kDouble || value.kind() == Value::Kind::kInt;
  }
  return value.kind() == kind;
}

MetaError WrongType(const Value& value, Value::Kind expected, const std::string& path) {
  return InvalidParameter(path + " must be " + KindName(expected) + ", not " +
                          KindName(value.kind()));
}

enum class Need { kOptional, kRequired };

// Whether `object` has `name` with a value; a JSON null carries none.
bool Present(const Value& object, std::string_view name) {
  const Value* value = object.Get(name);
  return value != nullptr && !value->is_null();
}

// Looks up `name` in `object` (whose path is `path`). A JSON null counts as absent: it
// carries no value. A present member of another JSON type is error 100.
Check Field(const Value& object, const std::string& path, std::string_view name, Value::Kind kind,
            Need need, const Value** out) {
  *out = object.Get(name);
  if (*out != nullptr && (*out)->is_null()) *out = nullptr;
  const std::string field_path = Join(path, name);
  if (*out == nullptr) {
    if (need == Need::kRequired) return Missing(field_path + " is required");
    return std::nullopt;
  }
  if (!HasKind(**out, kind)) return WrongType(**out, kind, field_path);
  return std::nullopt;
}

Check Length(const std::string& text, const std::string& path, size_t min, size_t max) {
  size_t count = CodePoints(text);
  if (count < min) {
    if (count == 0) return NotValid(path + " must not be empty");
    return NotValid(path + " is " + std::to_string(count) + " characters; the minimum is " +
                    std::to_string(min));
  }
  if (count > max) {
    return NotValid(path + " is " + std::to_string(count) + " characters; the limit is " +
                    std::to_string(max));
  }
  return std::nullopt;
}

// A string member with a length range; `*out` is nullptr when an optional one is absent.
Check StringField(const Value& object, const std::string& path, std::string_view name, Need need,
                  size_t min, size_t max, const std::string** out = nullptr) {
  const Value* value = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(object, path, name, Value::Kind::kString, need, &value));
  if (out != nullptr) *out = value == nullptr ? nullptr : &value->AsString();
  if (value == nullptr) return std::nullopt;
  return Length(value->AsString(), Join(path, name), min, max);
}

Check OneOf(const std::string& value, const std::string& path,
            std::initializer_list<std::string_view> allowed) {
  std::string list;
  for (std::string_view option : allowed) {
    if (value == option) return std::nullopt;
    list += (list.empty() ? "" : ", ") + std::string(option);
  }
  return InvalidParameter(path + " must be one of " + list + "; got " + Quote(value));
}

// A string member restricted to a set of values (100 for anything else).
Check EnumField(const Value& object, const std::string& path, std::string_view name, Need need,
                std::initializer_list<std::string_view> allowed,
                const std::string** out = nullptr) {
  const Value* value = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(object, path, name, Value::Kind::kString, need, &value));
  if (out != nullptr) *out = value == nullptr ? nullptr : &value->AsString();
  if (value == nullptr) return std::nullopt;
  return OneOf(value->AsString(), Join(path, name), allowed);
}

// Optional members that are arrays of objects (contact phones, emails, ...).
Check ObjectArrayField(const Value& object, const std::string& path, std::string_view name) {
  const Value* list = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(object, path, name, Value::Kind::kList, Need::kOptional, &list));
  if (list == nullptr) return std::nullopt;
  const std::string list_path = Join(path, name);
  for (size_t i = 0; i < list->AsList().size(); ++i) {
    const Value& item = list->AsList()[i];
    if (!item.is_object()) return WrongType(item, Value::Kind::kObject, At(list_path, i));
  }
  return std::nullopt;
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "https://" plus a non-empty host and no whitespace or control characters.
bool IsHttpsUrl(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() <= kScheme.size() || Lower(url.substr(0, kScheme.size())) != kScheme) {
    return false;
  }
  for (unsigned char c : url) {
    if (c <= ' ' || c == 0x7F) return false;
  }
  char first_of_host = url[kScheme.size()];
  return first_of_host != '/' && first_of_host != '?' && first_of_host != '#';
}

// The digits of a phone number or WA id: an optional leading '+', then digits that may be
// grouped with spaces, dashes, parentheses or dots. nullopt when it is not one.
std::optional<std::string> PhoneDigits(const std::string& to) {
  std::string digits;
  for (size_t i = 0; i < to.size(); ++i) {
    char c = to[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return std::nullopt;
    }
  }
  if (digits.size() < kPhoneDigitsMin || digits.size() > kPhoneDigitsMax) return std::nullopt;
  return digits;
}

// Code points that extend the emoji before them rather than start a new one.
bool IsEmojiExtender(char32_t cp) {
  return cp == 0x200D ||                      // zero width joiner
         (cp >= 0xFE00 && cp <= 0xFE0F) ||    // variation selectors
         (cp >= 0x1F3FB && cp <= 0x1F3FF) ||  // skin tone modifiers
         cp == 0x20E3 ||                      // combining enclosing keycap
         (cp >= 0xE0020 && cp <= 0xE007F);    // tag characters (subdivision flags)
}

bool IsRegionalIndicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// Whether `emoji` reads as one emoji. Without Unicode's emoji tables this is an
// approximation: at most kEmojiCodePointsMax code points forming one cluster, where
// joiners, variation selectors, skin tones, keycaps and tags extend a cluster, a code
// point after a ZWJ joins it, and two regional indicators make one flag. ASCII may only
// start a keycap sequence ("1️⃣"), so plain text such as "ok" is refused.
bool IsSingleEmoji(const std::string& emoji) {
  std::vector<char32_t> cps = DecodeUtf8(emoji);
  if (cps.empty() || cps.size() > kEmojiCodePointsMax) return false;
  if (IsEmojiExtender(cps[0])) return false;
  for (size_t i = 1; i < cps.size(); ++i) {
    char32_t cp = cps[i];
    if (IsEmojiExtender(cp) || cps[i - 1] == 0x200D) continue;
    // A second regional indicator completes the flag the first began.
    if (i == 1 && IsRegionalIndicator(cps[0]) && IsRegionalIndicator(cp)) continue;
    return false;
  }
  if (cps[0] < 0x80) {
    bool keycap_base = (cps[0] >= '0' && cps[0] <= '9') || cps[0] == '#' || cps[0] == '*';
    return keycap_base && cps.back() == 0x20E3;
  }
  return true;
}

// YYYY-MM-DD with a plausible month and day.
bool IsBirthday(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  if (!AllDigits(date.substr(0, 4)) || !AllDigits(date.substr(5, 2)) ||
      !AllDigits(date.substr(8, 2))) {
    return false;
  }
  int month = std::stoi(date.substr(5, 2));
  int day = std::stoi(date.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// ---------------------------------------------------------------------------------------
// Per-type objects.

struct MediaRules {
  bool caption = false;
  bool filename = false;
};

// A media object: exactly one of `id` (an uploaded media id, digits) or an https `link`.
// `where` is what the MediaReference reports; `path` names the object in errors.
Check CheckMedia(const Value& media, const std::string& kind, const std::string& path,
                 const std::string& where, MediaRules rules, MessagePlan& plan) {
  const Value* id = nullptr;
  const Value* link = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(media, path, "id", Value::Kind::kString, Need::kOptional, &id));
  SOCIALITE_RETURN_IF_BROKEN(
      Field(media, path, "link", Value::Kind::kString, Need::kOptional, &link));
  if (id == nullptr && link == nullptr) {
    return Missing(Join(path, "id") + " or " + Join(path, "link") + " is required");
  }
  if (id != nullptr && link != nullptr) {
    return NotValid(path + " has both id and link; give exactly one");
  }
  if (id != nullptr && !AllDigits(id->AsString())) {
    return NotValid(Join(path, "id") + " " + Quote(id->AsString()) +
                    " is not a media id (a string of digits)");
  }
  if (link != nullptr && !IsHttpsUrl(link->AsString())) {
    return NotValid(Join(path, "link") + " " + Quote(link->AsString()) + " is not an https:// URL");
  }
  if (Present(media, "caption") && !rules.caption) {
    return InvalidParameter(Join(path, "caption") + " is not supported here (" + kind + ")");
  }
  SOCIALITE_RETURN_IF_BROKEN(StringField(media, path, "caption", Need::kOptional, 0, kCaptionMax));
  if (Present(media, "filename") && !rules.filename) {
    return InvalidParameter(Join(path, "filename") + " is only supported for documents");
  }
  SOCIALITE_RETURN_IF_BROKEN(StringField(media, path, "filename", Need::kOptional, 0, kNoLimit));

  MediaReference reference;
  reference.kind = kind;
  if (id != nullptr) reference.id = id->AsString();
  if (link != nullptr) reference.link = link->AsString();
  reference.where = where;
  plan.media.push_back(std::move(reference));
  return std::nullopt;
}

// A latitude or longitude: a number, or a string holding one (Meta's spec types them as
// strings while its examples send numbers), within ±limit.
Check CheckCoordinate(const Value& location, const std::string& path, std::string_view name,
                      double limit) {
  const Value* value = location.Get(name);
  const std::string field_path = Join(path, name);
  if (value == nullptr || value->is_null()) return Missing(field_path + " is required");
  double number = 0;
  switch (value->kind()) {
    case Value::Kind::kInt:
      number = static_cast<double>(value->AsInt());
      break;
    case Value::Kind::kDouble:
      number = value->AsDouble();
      break;
    case Value::Kind::kString: {
      const std::string& text = value->AsString();
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return NotValid(field_path + " " + Quote(text) + " is not a number");
      }
      break;
    }
    default:
      return WrongType(*value, Value::Kind::kDouble, field_path);
  }
  if (!std::isfinite(number) || std::fabs(number) > limit) {
    std::string shown =
        value->kind() == Value::Kind::kString ? value->AsString() : WriteJson(*value);
    std::string bound = std::to_string(static_cast<int>(limit));
    return NotValid(field_path + " is " + shown + "; it must be between -" + bound + " and " +
                    bound);
  }
  return std::nullopt;
}

Check CheckLocation(const Value& location, const std::string& path) {
  SOCIALITE_RETURN_IF_BROKEN(CheckCoordinate(location, path, "latitude", 90));
  SOCIALITE_RETURN_IF_BROKEN(CheckCoordinate(location, path, "longitude", 180));
  SOCIALITE_RETURN_IF_BROKEN(StringField(location, path, "name", Need::kOptional, 0, kNoLimit));
  return StringField(location, path, "address", Need::kOptional, 0, kNoLimit);
}

Check CheckText(const Value& text) {
  SOCIALITE_RETURN_IF_BROKEN(StringField(text, "text", "body", Need::kRequired, 1, kTextBodyMax));
  const Value* preview_url = nullptr;
  return Field(text, "text", "preview_url", Value::Kind::kBool, Need::kOptional, &preview_url);
}

Check CheckContact(const Value& contact, const std::string& path) {
  if (!contact.is_object()) return WrongType(contact, Value::Kind::kObject, path);
  const Value* name = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(contact, path, "name", Value::Kind::kObject, Need::kRequired, &name));
  const std::string name_path = Join(path, "name");
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*name, name_path, "formatted_name", Need::kRequired, 1, kNoLimit));
  for (std::string_view part : {"first_name", "last_name", "middle_name", "prefix", "suffix"}) {
    SOCIALITE_RETURN_IF_BROKEN(StringField(*name, name_path, part, Need::kOptional, 0, kNoLimit));
  }
  for (std::string_view list : {"phones", "emails", "urls", "addresses"}) {
    SOCIALITE_RETURN_IF_BROKEN(ObjectArrayField(contact, path, list));
  }
  const Value* org = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(contact, path, "org", Value::Kind::kObject, Need::kOptional, &org));
  const std::string* birthday = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(contact, path, "birthday", Need::kOptional, 0, kNoLimit, &birthday));
  if (birthday != nullptr && !IsBirthday(*birthday)) {
    return NotValid(Join(path, "birthday") + " " + Quote(*birthday) + " is not a YYYY-MM-DD date");
  }
  return std::nullopt;
}

Check CheckContacts(const ValueList& contacts) {
  if (contacts.empty() || contacts.size() > kContactsMax) {
    return NotValid("contacts has " + std::to_string(contacts.size()) +
                    " entries; it must have 1 to " + std::to_string(kContactsMax));
  }
  for (size_t i = 0; i < contacts.size(); ++i) {
    SOCIALITE_RETURN_IF_BROKEN(CheckContact(contacts[i], At("contacts", i)));
  }
  return std::nullopt;
}

Check CheckReaction(const Value& reaction, MessagePlan& plan) {
  const std::string* message_id = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(reaction, "reaction", "message_id", Need::kRequired, 1, kNoLimit, &message_id));
  const std::string* emoji = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(reaction, "reaction", "emoji", Need::kRequired, 0, kNoLimit, &emoji));
  // An empty emoji removes an earlier reaction.
  if (!emoji->empty() && !IsSingleEmoji(*emoji)) {
    return NotValid("reaction.emoji " + Quote(*emoji) + " is not a single emoji");
  }
  plan.reaction_target = *message_id;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Interactive messages (facts §1.4).

enum class HeaderRule { kNone, kTextOnly, kRequiredText, kAny };

struct InteractiveRules {
  std::string_view type;
  HeaderRule header;
  bool body_required;
};

// Which header each interactive type takes: Meta's header object lists media headers for
// reply buttons (and the cta_url/flow rows of facts §1.4); lists and product lists take text.
constexpr InteractiveRules kInteractiveTypes[] = {
    {"button", HeaderRule::kAny, true},
    {"list", HeaderRule::kTextOnly, true},
    {"cta_url", HeaderRule::kAny, true},
    {"flow", HeaderRule::kAny, true},
    {"product", HeaderRule::kNone, false},
    {"product_list", HeaderRule::kRequiredText, true},
    {"catalog_message", HeaderRule::kTextOnly, true},
    {"location_request_message", HeaderRule::kNone, true},
    {"call_permission_request", HeaderRule::kTextOnly, true},
};

Check CheckInteractiveHeader(const Value& interactive, const InteractiveRules& rules,
                             MessagePlan& plan) {
  const std::string path = "interactive.header";
  const Value* header = nullptr;
  Need need = rules.header == HeaderRule::kRequiredText ? Need::kRequired : Need::kOptional;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(interactive, "interactive", "header", Value::Kind::kObject, need, &header));
  if (header == nullptr) return std::nullopt;
  if (rules.header == HeaderRule::kNone) {
    return InvalidParameter(path + " is not supported for interactive type " +
                            std::string(rules.type));
  }
  const std::string* type = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(EnumField(*header, path, "type", Need::kRequired,
                                       {"text", "image", "video", "document"}, &type));
  if (*type == "text") {
    return StringField(*header, path, "text", Need::kRequired, 1, kInteractiveHeaderTextMax);
  }
  if (rules.header != HeaderRule::kAny) {
    return InvalidParameter(path + ".type " + Quote(*type) +
                            " is not supported for interactive type " + std::string(rules.type) +
                            "; only text");
  }
  const Value* media = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(*header, path, *type, Value::Kind::kObject, Need::kRequired, &media));
  const std::string media_path = Join(path, *type);
  return CheckMedia(*media, *type, media_path, media_path,
                    {.caption = false, .filename = *type == "document"}, plan);
}

// `action.name` for the interactive types that name their action.
Check ActionName(const Value& action, std::string_view expected) {
  return EnumField(action, "interactive.action", "name", Need::kRequired, {expected});
}

Check CheckReplyButtons(const Value& action) {
  const std::string path = "interactive.action.buttons";
  const Value* buttons = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(action, "interactive.action", "buttons", Value::Kind::kList,
                                   Need::kRequired, &buttons));
  const ValueList& list = buttons->AsList();
  if (list.empty() || list.size() > kReplyButtonsMax) {
    return NotValid(path + " has " + std::to_string(list.size()) + " buttons; it must have 1 to " +
                    std::to_string(kReplyButtonsMax));
  }
  std::set<std::string> titles;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string button_path = At(path, i);
    if (!list[i].is_object()) return WrongType(list[i], Value::Kind::kObject, button_path);
    SOCIALITE_RETURN_IF_BROKEN(EnumField(list[i], button_path, "type", Need::kRequired, {"reply"}));
    const Value* reply = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        Field(list[i], button_path, "reply", Value::Kind::kObject, Need::kRequired, &reply));
    const std::string reply_path = Join(button_path, "reply");
    const std::string* id = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(*reply, reply_path, "id", Need::kRequired, 1, kReplyButtonIdMax, &id));
    if (std::isspace(static_cast<unsigned char>(id->front())) ||
        std::isspace(static_cast<unsigned char>(id->back()))) {
      return NotValid(Join(reply_path, "id") + " " + Quote(*id) +
                      " must not have leading or trailing spaces");
    }
    const std::string* title = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(*reply, reply_path, "title", Need::kRequired, 1, kReplyButtonTitleMax, &title));
    if (!titles.insert(*title).second) {
      return NotValid(Join(reply_path, "title") + " " + Quote(*title) +
                      " repeats an earlier button title; titles must be unique");
    }
  }
  return std::nullopt;
}

// List and multi-product messages share one shape: 1 to kListSectionsMax sections, each
// with a title when there are several and a non-empty list under `entries_key`; check_entry
// checks one entry. Sets *total to the number of entries across the sections.
template <typename CheckEntry>
Check CheckSections(const Value& action, const std::string& path, const char* entries_key,
                    const char* entry_noun, CheckEntry check_entry, size_t* total,
                    std::string* sections_path) {
  const Value* sections = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(action, path, "sections", Value::Kind::kList, Need::kRequired, &sections));
  const ValueList& list = sections->AsList();
  *sections_path = Join(path, "sections");
  if (list.empty() || list.size() > kListSectionsMax) {
    return NotValid(*sections_path + " has " + std::to_string(list.size()) +
                    " sections; it must have 1 to " + std::to_string(kListSectionsMax));
  }
  *total = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string section_path = At(*sections_path, i);
    const Value& section = list[i];
    if (!section.is_object()) return WrongType(section, Value::Kind::kObject, section_path);
    const std::string* title = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(StringField(section, section_path, "title", Need::kOptional, 1,
                                           kListSectionTitleMax, &title));
    if (title == nullptr && list.size() > 1) {
      return Missing(Join(section_path, "title") +
                     " is required when there is more than one section");
    }
    const Value* entries = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        Field(section, section_path, entries_key, Value::Kind::kList, Need::kRequired, &entries));
    const std::string entries_path = Join(section_path, entries_key);
    if (entries->AsList().empty()) {
      return NotValid(entries_path + " must have at least one " + entry_noun);
    }
    for (size_t j = 0; j < entries->AsList().size(); ++j) {
      const Value& entry = entries->AsList()[j];
      const std::string entry_path = At(entries_path, j);
      if (!entry.is_object()) return WrongType(entry, Value::Kind::kObject, entry_path);
      SOCIALITE_RETURN_IF_BROKEN(check_entry(entry, entry_path));
    }
    *total += entries->AsList().size();
  }
  return std::nullopt;
}

Check CheckListAction(const Value& action) {
  const std::string path = "interactive.action";
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(action, path, "button", Need::kRequired, 1, kListButtonMax));
  std::set<std::string> row_ids;
  auto check_row = [&row_ids](const Value& row, const std::string& row_path) -> Check {
    const std::string* id = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(row, row_path, "id", Need::kRequired, 1, kListRowIdMax, &id));
    if (!row_ids.insert(*id).second) {
      return NotValid(Join(row_path, "id") + " " + Quote(*id) +
                      " repeats an earlier row id; row ids must be unique");
    }
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(row, row_path, "title", Need::kRequired, 1, kListRowTitleMax));
    return StringField(row, row_path, "description", Need::kOptional, 0, kListRowDescriptionMax);
  };
  size_t total_rows = 0;
  std::string sections_path;
  SOCIALITE_RETURN_IF_BROKEN(
      CheckSections(action, path, "rows", "row", check_row, &total_rows, &sections_path));
  // The limit is across sections ([PYWA]), stricter than the per-section one of [OAS].
  if (total_rows > kListRowsMax) {
    return NotValid(sections_path + " has " + std::to_string(total_rows) +
                    " rows in total; the limit is " + std::to_string(kListRowsMax));
  }
  return std::nullopt;
}

Check CheckCtaUrlAction(const Value& action) {
  SOCIALITE_RETURN_IF_BROKEN(ActionName(action, "cta_url"));
  const std::string path = "interactive.action.parameters";
  const Value* parameters = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(action, "interactive.action", "parameters", Value::Kind::kObject,
                                   Need::kRequired, &parameters));
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*parameters, path, "display_text", Need::kRequired, 1, kCtaDisplayTextMax));
  const std::string* url = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*parameters, path, "url", Need::kRequired, 1, kNoLimit, &url));
  if (!IsHttpsUrl(*url)) return NotValid(path + ".url " + Quote(*url) + " is not an https:// URL");
  return std::nullopt;
}

// Pictographs and dingbats, with the selector and joiner that build emoji sequences: Meta
// asks for a flow CTA without emoji.
bool HasEmoji(const std::string& text) {
  for (char32_t cp : DecodeUtf8(text)) {
    if ((cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0xFE0F ||
        cp == 0x200D) {
      return true;
    }
  }
  return false;
}

Check CheckFlowAction(const Value& action, MessagePlan& plan) {
  SOCIALITE_RETURN_IF_BROKEN(ActionName(action, "flow"));
  const std::string path = "interactive.action.parameters";
  const Value* parameters = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(action, "interactive.action", "parameters", Value::Kind::kObject,
                                   Need::kRequired, &parameters));
  const std::string* version = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(StringField(*parameters, path, "flow_message_version", Need::kRequired,
                                         1, kNoLimit, &version));
  if (*version != "3") {
    return NotValid(path + ".flow_message_version is " + Quote(*version) + "; it must be \"3\"");
  }
  FlowReference flow;
  const std::string* flow_id = nullptr;
  const std::string* flow_name = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*parameters, path, "flow_id", Need::kOptional, 1, kNoLimit, &flow_id));
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*parameters, path, "flow_name", Need::kOptional, 1, kNoLimit, &flow_name));
  if (flow_id == nullptr && flow_name == nullptr) {
    return Missing(path + ".flow_id or " + path + ".flow_name is required");
  }
  if (flow_id != nullptr && flow_name != nullptr) {
    return NotValid(path + " has both flow_id and flow_name; give exactly one");
  }
  if (flow_id != nullptr && !AllDigits(*flow_id)) {
    return NotValid(path + ".flow_id " + Quote(*flow_id) +
                    " is not a flow id (a string of digits)");
  }
  if (flow_id != nullptr) flow.flow_id = *flow_id;
  if (flow_name != nullptr) flow.flow_name = *flow_name;
  const std::string* cta = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*parameters, path, "flow_cta", Need::kRequired, 1, kFlowCtaMax, &cta));
  if (HasEmoji(*cta)) {
    return NotValid(path + ".flow_cta " + Quote(*cta) + " must not contain emoji");
  }
  const std::string* mode = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      EnumField(*parameters, path, "mode", Need::kOptional, {"draft", "published"}, &mode));
  if (mode != nullptr) flow.mode = *mode;
  const std::string* token = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*parameters, path, "flow_token", Need::kOptional, 1, kNoLimit, &token));
  if (token != nullptr) flow.flow_token = *token;
  const std::string* flow_action = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(EnumField(*parameters, path, "flow_action", Need::kOptional,
                                       {"navigate", "data_exchange"}, &flow_action));
  if (flow_action != nullptr) flow.flow_action = *flow_action;
  const Value* payload = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(*parameters, path, "flow_action_payload", Value::Kind::kObject,
                                   Need::kOptional, &payload));
  const std::string payload_path = Join(path, "flow_action_payload");
  // With data_exchange the endpoint chooses the first screen and its data.
  if (payload != nullptr && flow.flow_action == "data_exchange") {
    return InvalidParameter(payload_path + " must be left out when flow_action is data_exchange");
  }
  if (payload != nullptr) {
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(*payload, payload_path, "screen", Need::kOptional, 1, kNoLimit));
    const Value* data = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        Field(*payload, payload_path, "data", Value::Kind::kObject, Need::kOptional, &data));
    if (data != nullptr && data->AsObject().empty()) {
      return NotValid(payload_path + ".data must be a non-empty object when given");
    }
  }
  plan.flow = std::move(flow);
  return std::nullopt;
}

Check CheckProductAction(const Value& action) {
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(action, "interactive.action", "catalog_id", Need::kRequired, 1, kNoLimit));
  return StringField(action, "interactive.action", "product_retailer_id", Need::kRequired, 1,
                     kNoLimit);
}

Check CheckProductListAction(const Value& action) {
  const std::string path = "interactive.action";
  SOCIALITE_RETURN_IF_BROKEN(StringField(action, path, "catalog_id", Need::kRequired, 1, kNoLimit));
  auto check_item = [](const Value& item, const std::string& item_path) -> Check {
    return StringField(item, item_path, "product_retailer_id", Need::kRequired, 1, kNoLimit);
  };
  size_t total_items = 0;
  std::string sections_path;
  SOCIALITE_RETURN_IF_BROKEN(CheckSections(action, path, "product_items", "item", check_item,
                                           &total_items, &sections_path));
  if (total_items > kProductItemsMax) {
    return NotValid(sections_path + " has " + std::to_string(total_items) +
                    " products in total; the limit is " + std::to_string(kProductItemsMax));
  }
  return std::nullopt;
}

Check CheckCatalogAction(const Value& action) {
  SOCIALITE_RETURN_IF_BROKEN(ActionName(action, "catalog_message"));
  const Value* parameters = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(action, "interactive.action", "parameters", Value::Kind::kObject,
                                   Need::kOptional, &parameters));
  if (parameters == nullptr) return std::nullopt;
  return StringField(*parameters, "interactive.action.parameters", "thumbnail_product_retailer_id",
                     Need::kOptional, 1, kNoLimit);
}

Check CheckInteractive(const Value& interactive, MessagePlan& plan) {
  const std::string* type = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(interactive, "interactive", "type", Need::kRequired, 0, kNoLimit, &type));
  const InteractiveRules* rules = nullptr;
  std::string known;
  for (const InteractiveRules& candidate : kInteractiveTypes) {
    if (candidate.type == *type) rules = &candidate;
    known += (known.empty() ? "" : ", ") + std::string(candidate.type);
  }
  if (rules == nullptr) {
    return InvalidParameter("interactive.type must be one of " + known + "; got " + Quote(*type));
  }
  SOCIALITE_RETURN_IF_BROKEN(CheckInteractiveHeader(interactive, *rules, plan));

  const Value* body = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(interactive, "interactive", "body", Value::Kind::kObject,
                                   rules->body_required ? Need::kRequired : Need::kOptional,
                                   &body));
  if (body != nullptr) {
    SOCIALITE_RETURN_IF_BROKEN(StringField(*body, "interactive.body", "text", Need::kRequired, 1,
                                           kInteractiveBodyTextMax));
  }
  const Value* footer = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(interactive, "interactive", "footer", Value::Kind::kObject, Need::kOptional, &footer));
  if (footer != nullptr) {
    SOCIALITE_RETURN_IF_BROKEN(StringField(*footer, "interactive.footer", "text", Need::kRequired,
                                           1, kInteractiveFooterTextMax));
  }

  const Value* action = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(interactive, "interactive", "action", Value::Kind::kObject, Need::kRequired, &action));
  if (*type == "button") return CheckReplyButtons(*action);
  if (*type == "list") return CheckListAction(*action);
  if (*type == "cta_url") return CheckCtaUrlAction(*action);
  if (*type == "flow") return CheckFlowAction(*action, plan);
  if (*type == "product") return CheckProductAction(*action);
  if (*type == "product_list") return CheckProductListAction(*action);
  if (*type == "catalog_message") return CheckCatalogAction(*action);
  if (*type == "location_request_message") return ActionName(*action, "send_location");
  return ActionName(*action, "call_permission_request");
}

// ---------------------------------------------------------------------------------------
// Template sends (facts §1.3).

// Checks one parameter object and returns its type through `*type`.
Check CheckTemplateParameter(const Value& parameter, const std::string& path, MessagePlan& plan,
                             const std::string** type) {
  if (!parameter.is_object()) return WrongType(parameter, Value::Kind::kObject, path);
  SOCIALITE_RETURN_IF_BROKEN(EnumField(parameter, path, "type", Need::kRequired,
                                       {"text", "currency", "date_time", "image", "document",
                                        "video", "location", "payload", "action", "coupon_code"},
                                       type));
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(parameter, path, "parameter_name", Need::kOptional, 1, kNoLimit));
  const std::string& kind = **type;
  if (kind == "text") {
    const std::string* text = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(parameter, path, "text", Need::kRequired, 0, kTemplateTextParameterMax, &text));
    // Meta reports an empty text parameter as a missing value, not an invalid one.
    if (text->empty()) return Missing(Join(path, "text") + " is required (it is empty)");
    return std::nullopt;
  }
  if (kind == "payload" || kind == "coupon_code") {
    const std::string* value = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(parameter, path, kind, Need::kRequired, 0, kNoLimit, &value));
    if (value->empty()) return Missing(Join(path, kind) + " is required (it is empty)");
    return std::nullopt;
  }
  const Value* object = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(parameter, path, kind, Value::Kind::kObject, Need::kRequired, &object));
  const std::string object_path = Join(path, kind);
  if (kind == "currency") {
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(*object, object_path, "fallback_value", Need::kRequired, 1, kNoLimit));
    const std::string* code = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(*object, object_path, "code", Need::kRequired, 1, kNoLimit, &code));
    bool iso_4217 = code->size() == 3;
    for (char c : *code) iso_4217 = iso_4217 && c >= 'A' && c <= 'Z';
    if (!iso_4217) {
      return NotValid(object_path + ".code " + Quote(*code) + " is not an ISO 4217 currency code");
    }
    const Value* amount = nullptr;
    return Field(*object, object_path, "amount_1000", Value::Kind::kInt, Need::kRequired, &amount);
  }
  if (kind == "date_time") {
    return StringField(*object, object_path, "fallback_value", Need::kRequired, 1, kNoLimit);
  }
  if (kind == "location") return CheckLocation(*object, object_path);
  if (kind == "action") return std::nullopt;
  // image, document or video: media templates take no captions (facts §1.3).
  return CheckMedia(*object, kind, object_path, path,
                    {.caption = false, .filename = kind == "document"}, plan);
}

// A flow button's parameters: at most one, of type `action`, whose action may carry the
// flow_token to echo in the completion and flow_action_data for the first screen.
Check CheckFlowButtonParameters(const Value& component, const std::string& component_path,
                                TemplateFlowButton& out) {
  const Value* parameters = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(component, component_path, "parameters", Value::Kind::kList,
                                   Need::kOptional, &parameters));
  if (parameters == nullptr) return std::nullopt;
  const ValueList& list = parameters->AsList();
  if (list.size() > 1) {
    return NotValid(Join(component_path, "parameters") + " has " + std::to_string(list.size()) +
                    " entries; a flow button takes at most one");
  }
  if (list.empty()) return std::nullopt;
  const std::string parameter_path = At(Join(component_path, "parameters"), 0);
  if (!list[0].is_object()) return WrongType(list[0], Value::Kind::kObject, parameter_path);
  SOCIALITE_RETURN_IF_BROKEN(
      EnumField(list[0], parameter_path, "type", Need::kRequired, {"action"}));
  const Value* action = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(list[0], parameter_path, "action", Value::Kind::kObject, Need::kRequired, &action));
  const std::string action_path = Join(parameter_path, "action");
  const std::string* token = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*action, action_path, "flow_token", Need::kOptional, 1, kNoLimit, &token));
  if (token != nullptr) out.flow_token = *token;
  const Value* data = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(*action, action_path, "flow_action_data", Value::Kind::kObject,
                                   Need::kOptional, &data));
  if (data != nullptr && data->AsObject().empty()) {
    return NotValid(action_path + ".flow_action_data must be a non-empty object when given");
  }
  return std::nullopt;
}

Check CheckTemplate(const Value& template_object, MessagePlan& plan) {
  const std::string path = "template";
  TemplateSend send;
  const std::string* name = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(template_object, path, "name", Need::kRequired, 1, kNoLimit, &name));
  send.name = *name;
  const Value* language = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(template_object, path, "language", Value::Kind::kObject, Need::kRequired, &language));
  const std::string* code = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(*language, "template.language", "code", Need::kRequired, 1, kNoLimit, &code));
  send.language = *code;
  // [OAS] marks policy required, but Meta's own examples leave it out.
  SOCIALITE_RETURN_IF_BROKEN(
      EnumField(*language, "template.language", "policy", Need::kOptional, {"deterministic"}));

  const Value* components = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(template_object, path, "components", Value::Kind::kList, Need::kOptional, &components));
  bool seen_header = false;
  bool seen_body = false;
  for (size_t i = 0; components != nullptr && i < components->AsList().size(); ++i) {
    const Value& component = components->AsList()[i];
    const std::string component_path = At("template.components", i);
    if (!component.is_object()) return WrongType(component, Value::Kind::kObject, component_path);
    const std::string* raw_type = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(component, component_path, "type", Need::kRequired, 0, kNoLimit, &raw_type));
    // Meta's examples mix cases ("CATALOG"), so component and button types ignore case.
    const std::string type = Lower(*raw_type);
    SOCIALITE_RETURN_IF_BROKEN(
        OneOf(type, Join(component_path, "type"),
              {"header", "body", "button", "carousel", "limited_time_offer"}));
    if ((type == "header" && seen_header) || (type == "body" && seen_body)) {
      return InvalidParameter(component_path + " is a second " + type +
                              " component; a template has at most one");
    }
    seen_header = seen_header || type == "header";
    seen_body = seen_body || type == "body";
    // Carousel cards and offers are matched against the template by the caller, if at all.
    if (type == "carousel" || type == "limited_time_offer") continue;

    std::string button_sub_type;
    if (type == "button") {
      const std::string* sub_type = nullptr;
      SOCIALITE_RETURN_IF_BROKEN(StringField(component, component_path, "sub_type", Need::kRequired,
                                             0, kNoLimit, &sub_type));
      SOCIALITE_RETURN_IF_BROKEN(
          OneOf(Lower(*sub_type), Join(component_path, "sub_type"),
                {"quick_reply", "url", "catalog", "flow", "copy_code", "mpm", "voice_call"}));
      const Value* index = component.Get("index");
      if (index == nullptr || index->is_null()) {
        return Missing(Join(component_path, "index") + " is required");
      }
      bool index_ok =
          (index->kind() == Value::Kind::kString && index->AsString().size() == 1 &&
           AllDigits(index->AsString())) ||
          (index->kind() == Value::Kind::kInt && index->AsInt() >= 0 && index->AsInt() <= 9);
      if (!index_ok) {
        return NotValid(Join(component_path, "index") + " is " + WriteJson(*index) +
                        "; it must be \"0\" to \"9\"");
      }
      button_sub_type = Lower(*sub_type);
      if (button_sub_type == "flow") {
        TemplateFlowButton flow_button;
        flow_button.index = index->kind() == Value::Kind::kInt ? static_cast<int>(index->AsInt())
                                                               : index->AsString()[0] - '0';
        SOCIALITE_RETURN_IF_BROKEN(
            CheckFlowButtonParameters(component, component_path, flow_button));
        send.flow_buttons.push_back(std::move(flow_button));
      }
    }
    // A flow button may go without parameters (Meta then uses the default token).
    const bool parameters_required = type == "button" && button_sub_type != "flow";
    const Value* parameters = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(Field(component, component_path, "parameters", Value::Kind::kList,
                                     parameters_required ? Need::kRequired : Need::kOptional,
                                     &parameters));
    if (parameters == nullptr) continue;
    const ValueList& list = parameters->AsList();
    for (size_t j = 0; j < list.size(); ++j) {
      const std::string parameter_path = At(Join(component_path, "parameters"), j);
      const std::string* parameter_type = nullptr;
      SOCIALITE_RETURN_IF_BROKEN(
          CheckTemplateParameter(list[j], parameter_path, plan, &parameter_type));
      if (type == "header" && j == 0) send.header_parameter_type = *parameter_type;
      if (type == "body") {
        if (std::optional<std::string> parameter_name = list[j].GetString("parameter_name")) {
          send.body_parameter_names.push_back(*parameter_name);
        }
      }
    }
    int count = static_cast<int>(list.size());
    if (type == "header") send.header_parameters += count;
    if (type == "body") send.body_parameters += count;
    if (type == "button") send.button_parameters += count;
  }
  plan.template_send = std::move(send);
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// The message as a whole.

Check CheckMarkRead(const Value& root, MessagePlan& plan) {
  SOCIALITE_RETURN_IF_BROKEN(EnumField(root, "", "status", Need::kRequired, {"read"}));
  const std::string* message_id = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(root, "", "message_id", Need::kRequired, 1, kNoLimit, &message_id));
  const Value* typing = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(root, "", "typing_indicator", Value::Kind::kObject, Need::kOptional, &typing));
  if (typing != nullptr) {
    SOCIALITE_RETURN_IF_BROKEN(
        EnumField(*typing, "typing_indicator", "type", Need::kRequired, {"text"}));
  }
  plan.kind = MessagePlan::Kind::kMarkRead;
  plan.read_message_id = *message_id;
  return std::nullopt;
}

Check CheckRecipient(const Value& root, MessagePlan& plan) {
  const std::string* to = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(StringField(root, "", "to", Need::kRequired, 0, kNoLimit, &to));
  plan.to = *to;
  if (plan.recipient_type == "group") {
    // Group ids are opaque; all that can be said without state is that there is one.
    for (unsigned char c : *to) {
      if (c <= ' ') return NotValid("to " + Quote(*to) + " is not a group id");
    }
    if (to->empty()) return NotValid("to must not be empty");
    plan.wa_id = *to;
    return std::nullopt;
  }
  std::optional<std::string> digits = PhoneDigits(*to);
  if (!digits) {
    return NotValid("to " + Quote(*to) +
                    " is not a phone number or WhatsApp id (an optional + and 7 to 15 digits)");
  }
  plan.wa_id = *digits;
  return std::nullopt;
}

Check CheckTypeObject(const Value& root, const std::string& type, MessagePlan& plan) {
  const bool is_contacts = type == "contacts";
  const Value* object = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(Field(root, "", type,
                                   is_contacts ? Value::Kind::kList : Value::Kind::kObject,
                                   Need::kRequired, &object));
  if (type == "text") return CheckText(*object);
  if (type == "image" || type == "video" || type == "document") {
    return CheckMedia(*object, type, type, type, {.caption = true, .filename = type == "document"},
                      plan);
  }
  if (type == "audio" || type == "sticker") return CheckMedia(*object, type, type, type, {}, plan);
  if (type == "location") return CheckLocation(*object, "location");
  if (is_contacts) return CheckContacts(object->AsList());
  if (type == "reaction") return CheckReaction(*object, plan);
  if (type == "interactive") return CheckInteractive(*object, plan);
  return CheckTemplate(*object, plan);
}

constexpr std::string_view kMessageTypes[] = {"text",        "image",    "audio",    "video",
                                              "document",    "sticker",  "location", "contacts",
                                              "interactive", "template", "reaction"};

Check CheckMessage(const Value& root, MessagePlan& plan) {
  const std::string* product = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(root, "", "messaging_product", Need::kRequired, 0, kNoLimit, &product));
  if (*product != "whatsapp") {
    return InvalidParameter("messaging_product must be \"whatsapp\"; got " + Quote(*product));
  }
  const std::string* recipient_type = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(EnumField(root, "", "recipient_type", Need::kOptional,
                                       {"individual", "group"}, &recipient_type));
  if (recipient_type != nullptr) plan.recipient_type = *recipient_type;

  // A status update (mark as read) shares the endpoint and has no recipient or type.
  if (Present(root, "status")) return CheckMarkRead(root, plan);

  SOCIALITE_RETURN_IF_BROKEN(CheckRecipient(root, plan));
  const std::string* type = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(StringField(root, "", "type", Need::kOptional, 0, kNoLimit, &type));
  // Meta's own text example leaves `type` out: text is the default.
  plan.type = type == nullptr ? "text" : *type;
  bool known = false;
  for (std::string_view candidate : kMessageTypes) known = known || candidate == plan.type;
  if (!known) {
    return MakeMetaError(kUnsupportedMessageType,
                         "type " + Quote(plan.type) + " is not a supported message type");
  }

  const Value* context = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(
      Field(root, "", "context", Value::Kind::kObject, Need::kOptional, &context));
  if (context != nullptr) {
    const std::string* reply_to = nullptr;
    SOCIALITE_RETURN_IF_BROKEN(
        StringField(*context, "context", "message_id", Need::kRequired, 1, kNoLimit, &reply_to));
    plan.reply_to = *reply_to;
  }
  const std::string* callback_data = nullptr;
  SOCIALITE_RETURN_IF_BROKEN(StringField(root, "", "biz_opaque_callback_data", Need::kOptional, 0,
                                         kCallbackDataMax, &callback_data));
  if (callback_data != nullptr) plan.biz_opaque_callback_data = *callback_data;
  SOCIALITE_RETURN_IF_BROKEN(
      StringField(root, "", "recipient_identity_key_hash", Need::kOptional, 0, kNoLimit));

  return CheckTypeObject(root, plan.type, plan);
}

#undef SOCIALITE_RETURN_IF_BROKEN

}  // namespace

std::variant<MessagePlan, MetaError> CheckOutboundMessage(const std::string& message_json) {
  Result<Value> parsed = ParseJson(message_json);
  if (!parsed.ok()) {
    return InvalidParameter("message is not valid UTF-8 JSON: " + parsed.error().message);
  }
  if (!parsed->is_object()) {
    return InvalidParameter(std::string("message must be a JSON object, not ") +
                            KindName(parsed->kind()));
  }
  MessagePlan plan;
  if (Check broken = CheckMessage(*parsed, plan)) return *std::move(broken);
  return plan;
}

bool IsSupportedMetaApiVersion(const std::string& version) {
  if (version.size() < 2 || version[0] != 'v') return false;
  size_t dot = version.find('.');
  std::string_view major(version.data() + 1, (dot == std::string::npos ? version.size() : dot) - 1);
  if (!AllDigits(major)) return false;
  if (dot != std::string::npos && !AllDigits(std::string_view(version).substr(dot + 1))) {
    return false;
  }
  // Compare without converting so that a huge major cannot overflow.
  size_t first = major.find_first_not_of('0');
  if (first == std::string_view::npos) return false;  // v0, v00
  major.remove_prefix(first);
  if (major.size() > 2) return true;
  return std::stoi(std::string(major)) >= kMinimumMetaApiMajor;
}

}  // namespace socialite::whatsapp
