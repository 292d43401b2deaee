// Template rendering: a sent template as the customer sees it, i.e. the stored definition's
// header, body, footer and buttons with the send's parameters filled in. Pure; no storage.
#pragma once

#include <optional>

#include "server/core/value.h"

namespace socialite::whatsapp {

// `definition` is the stored template ({name, language, category, parameter_format,
// components}); `sent` is the message's "template" object ({name, language, components}).
// Answers {"header"?: {"format", "text"? | "mediaId"? "link"? "filename"? | "location"?},
// "body", "footer"?, "buttons": [{"type", "text", "url"?, "phoneNumber"?, "flowId"?,
// "payload"?}]}; body variables the send leaves unfilled stay as written ({{2}}). nullopt
// when the definition does not pass the template checks.
std::optional<Value> RenderTemplate(const Value& definition, const Value& sent);

}  // namespace socialite::whatsapp
