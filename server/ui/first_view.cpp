// Renders the inbox's first view as conversations.js and app.js render it: the same elements,
// classes, attributes and text, with no whitespace between elements (the script adds none).
#include "server/ui/first_view.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "server/core/markup.h"
#include "server/core/percent_encoding.h"
#include "server/core/utf8.h"
#include "server/events/envelope.h"

namespace socialite::ui {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// <tag class="..." name="value"...>inner</tag>; `inner` is markup, attribute values are text.
std::string Element(std::string_view tag, std::string_view classes, const Attributes& attributes,
                    std::string_view inner) {
  std::string out = "<";
  out += tag;
  if (!classes.empty()) out += " class=\"" + EscapeMarkup(classes) + "\"";
  for (const auto& [name, value] : attributes)
    out += " " + name + "=\"" + EscapeMarkup(value) + "\"";
  out += ">";
  out += inner;
  out += "</";
  out += tag;
  out += ">";
  return out;
}

std::string Text(std::string_view text) { return EscapeMarkup(text); }

// JSON that cannot end its <script> element or open a comment in it: '<', '>' and '&' occur
// only inside JSON strings, where their \u escapes mean the same.
std::string JsonForScript(const Value& value) {
  std::string json = WriteJson(value);
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

// A string member, "" when it is absent, null or no string (JS: `value ?? ''` of a string).
std::string StringOf(const Value& object, std::string_view name) {
  return object.GetString(name).value_or("");
}

const ValueList& ListOf(const Value& object, std::string_view name) {
  static const ValueList kEmpty;
  const Value* list = object.is_object() ? object.Get(name) : nullptr;
  return list != nullptr && list->is_list() ? list->AsList() : kEmpty;
}

// What String.prototype.trim removes.
bool IsJsSpace(char32_t cp) {
  return cp == 0x09 || cp == 0x0A || cp == 0x0B || cp == 0x0C || cp == 0x0D || cp == 0x20 ||
         cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// toUpperCase of one code point, for the scripts a name is most often written in.
std::string UpperCase(char32_t cp) {
  std::string out;
  if (cp == 0xDF) return "SS";  // ß
  if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) ||
      (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) || (cp >= 0x430 && cp <= 0x44F)) {
    cp -= 0x20;
  } else if (cp == 0xFF) {
    cp = 0x178;
  } else if (cp == 0x3C2) {
    cp = 0x3A3;  // final sigma
  } else if (cp >= 0x450 && cp <= 0x45F) {
    cp -= 0x50;
  } else if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 1) {
    cp -= 1;
  } else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 0) {
    cp -= 1;
  }
  AppendUtf8(out, cp);
  return out;
}

// --- the views' parts ------------------------------------------------------------------------

// Each listed number's label in the thread list, by phone number id (numberLabel()).
using NumberLabels = std::map<std::string, std::string>;

std::string Chip(std::string_view label, std::string_view title, bool pressed) {
  return Element("button", "chip",
                 {{"type", "button"},
                  {"aria-pressed", pressed ? "true" : "false"},
                  {"title", std::string(title)}},
                 Text(label));
}

std::string AccountsMarkup(const Value& accounts, NumberLabels& numbers) {
  std::string out = Chip("All numbers", "Threads of every number", true);
  for (const Value& waba : ListOf(accounts, "accounts")) {
    std::string id = StringOf(waba, "wabaId");
    std::string name = StringOf(waba, "name");
    std::string region = StringOf(waba, "region");
    out +=
        Element("div", "waba", {{"title", id + " · " + StringOf(waba, "account") + " " + region}},
                Element("span", "waba-name", {}, Text(name.empty() ? id : name)) +
                    Element("span", "waba-meta", {},
                            Text(" " + region + " · " + StringOf(waba, "metaWabaId"))));
    for (const Value& number : ListOf(waba, "phoneNumbers")) {
      std::string phone_number_id = StringOf(number, "phoneNumberId");
      std::string display = StringOf(number, "displayPhoneNumber");
      std::string display_name = StringOf(number, "displayName");
      numbers[phone_number_id] = display.empty() ? display_name : display;
      out += Chip(display + " · " + display_name,
                  phone_number_id + " (" + StringOf(number, "qualityRating") + ")", false);
    }
  }
  return out;
}

std::string NumberLabel(const std::string& phone_number_id, const NumberLabels& numbers) {
  auto known = numbers.find(phone_number_id);
  if (known != numbers.end()) return known->second;
  std::string id = phone_number_id;
  constexpr std::string_view kPrefix = "phone-number-id-";
  if (id.starts_with(kPrefix)) id.erase(0, kPrefix.size());
  return id.substr(0, 8);
}

std::string ThreadMarkup(const Value& thread, const NumberLabels& numbers) {
  std::string phone_number_id = StringOf(thread, "phoneNumberId");
  std::string customer = StringOf(thread, "customer");
  std::string customer_name = StringOf(thread, "customerName");
  std::string name = customer_name.empty() ? "+" + customer : customer_name;
  int64_t at = thread.GetInt("lastActivityMs").value_or(0);
  std::string preview;
  if (const Value* last = thread.Get("lastMessage"); last != nullptr && last->is_object()) {
    preview = (StringOf(*last, "direction") == "outbound" ? "↪ " : "") + StringOf(*last, "preview");
  }
  bool window_open = thread.GetBool("windowOpen").value_or(false);
  std::string link =
      "#/conversations/" + EncodeUriComponent(phone_number_id) + "/" + EncodeUriComponent(customer);
  std::string top = Element("span", "thread-top", {},
                            Element("span", "thread-name", {}, Text(name)) +
                                Element("time", "thread-time", {}, at != 0 ? ClockTime(at) : ""));
  std::string bottom = Element(
      "span", "thread-bottom", {},
      Element("span", "thread-preview", {}, Text(preview)) +
          Element("span", window_open ? "window-dot open" : "window-dot",
                  {{"title", window_open ? "Customer service window open" : "Window closed"}}, ""));
  std::string main = Element("span", "thread-main", {},
                             top + bottom +
                                 Element("span", "thread-number", {},
                                         Text("to " + NumberLabel(phone_number_id, numbers))));
  return Element(
      "li", "", {},
      Element(
          "a", "thread",
          {{"href", link}, {"data-customer", customer}, {"data-phone-number-id", phone_number_id}},
          Element("span", "avatar", {{"aria-hidden", "true"}}, Text(AvatarInitial(customer_name))) +
              main));
}

}  // namespace

std::string ClockDateTime(int64_t millis) {
  std::string text = events::Rfc3339Nanos(millis).substr(0, 19);  // 2026-01-01T14:05:09
  text[10] = ' ';
  return text;
}

std::string ClockTime(int64_t millis) { return ClockDateTime(millis).substr(11, 5); }

std::string AvatarInitial(const std::string& name) {
  constexpr std::string_view kNobody = "👤";
  size_t i = 0;
  while (i < name.size()) {
    char32_t cp = NextCodePoint(name, i);
    if (!IsJsSpace(cp)) return UpperCase(cp);
  }
  return std::string(kNobody);
}

std::string EncodeUriComponent(std::string_view text) { return PercentEncode(text, "-_.!~*'()"); }

FirstView RenderFirstView(const Value& accounts, const Value& conversations, const Value& clock) {
  FirstView view;
  NumberLabels numbers;
  view.accounts = AccountsMarkup(accounts, numbers);
  const ValueList& threads = ListOf(conversations, "conversations");
  for (const Value& thread : threads) view.threads += ThreadMarkup(thread, numbers);
  if (threads.empty()) {
    view.threads = Element("li", "empty", {},
                           "No chats yet. Send a message through the API or start one here.");
  }
  view.chat_head = Element(
      "div", "chat-title", {},
      Element("strong", "", {}, "No chat open") +
          Element("span", "sub", {}, "Pick a chat on the left, or start a new one as a customer."));
  view.messages = Element("div", "placeholder", {},
                          "Messages sent through the API appear here live, with their ticks.");
  if (auto now = clock.GetInt("nowMillis")) view.clock = Text(ClockDateTime(*now) + " UTC");
  Value data = Value::Object();
  data.Set("accounts", accounts);
  data.Set("conversations", conversations);
  data.Set("clock", clock);
  view.data = JsonForScript(data);
  return view;
}

}  // namespace socialite::ui
