// Message previews: the one short line a chat list shows for a message. Pure; no storage.
#pragma once

#include <optional>
#include <string>

#include "server/core/value.h"

namespace socialite::whatsapp {

inline constexpr size_t kPreviewMaxChars = 80;

// A line of at most kPreviewMaxChars characters (code points; longer text ends in "…") for a
// message of `type` whose object (as sent, or as received in the webhook) is `message`.
// `template_body` is a template's rendered body, when known.
std::string MessagePreview(const std::string& type, const Value& message,
                           const std::optional<std::string>& template_body);

}  // namespace socialite::whatsapp
