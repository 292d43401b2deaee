// MetaError: an error as Meta's Graph API reports it — numeric code, title and details —
// used for synchronous rejections (turned into InvalidParametersException messages) and for
// asynchronous failures (carried into `failed` status webhooks).
#pragma once

#include <string>

namespace socialite::whatsapp {

struct MetaError {
  int code = 0;
  std::string title;
  std::string details;

  // "(#131009) Parameter value is not valid: <details>" — Meta's message form.
  std::string Message() const {
    return "(#" + std::to_string(code) + ") " + title + (details.empty() ? "" : ": " + details);
  }
};

// The title Meta uses for a known code (empty for unknown codes).
std::string MetaErrorTitle(int code);
// Convenience: a MetaError with the title looked up.
MetaError MakeMetaError(int code, std::string details);

}  // namespace socialite::whatsapp
