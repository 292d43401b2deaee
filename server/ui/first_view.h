// The inbox's first view, rendered by the server into the page it serves: the business
// numbers, the thread list, the empty chat and the clock, as the page's own script renders
// them from the same admin answers (conversations.js renderAccounts, renderThreads,
// renderEmpty; app.js renderClock). A browser paints it before the script has arrived; the
// script then renders the same nodes again and takes over. tests/ui/first_view.test.mjs
// compares the two in a browser.
#pragma once

#include <string>

#include "server/core/json.h"

namespace socialite::ui {

// Markup for the children of the page's elements of these ids.
struct FirstView {
  std::string accounts;   // #accounts
  std::string threads;    // #threads
  std::string chat_head;  // #chat-head
  std::string messages;   // #messages
  std::string clock;      // #clock
  // The answers themselves, as JSON safe inside a <script> element: the script takes the
  // accounts and conversations instead of asking again (boot.js).
  std::string data;
};

// From the answers of GET /_socialite/accounts, /conversations and /clock (inbox_reads.h).
FirstView RenderFirstView(const Value& accounts, const Value& conversations, const Value& clock);

// "14:05" and "2026-01-01 14:05:09", UTC, as dom.js's clockTime and clockDateTime.
std::string ClockTime(int64_t millis);
std::string ClockDateTime(int64_t millis);

// The avatar's letter of a name: its first character upper-cased (Latin, Greek and Cyrillic
// letters; others as they are), or 👤 without a name, as conversations.js's initial().
std::string AvatarInitial(const std::string& name);

// encodeURIComponent: every byte but A-Z a-z 0-9 - _ . ! ~ * ' ( ) percent-encoded.
std::string EncodeUriComponent(std::string_view text);

}  // namespace socialite::ui
