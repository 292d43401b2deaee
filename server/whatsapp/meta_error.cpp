#include "server/whatsapp/meta_error.h"

#include <utility>

namespace socialite::whatsapp {
namespace {

struct KnownCode {
  int code;
  const char* title;
};

// Titles as Meta puts them into `message` ("(#code) title"). Sources: the error table in
// spec/whatsapp-facts.md §4, and for the template-creation codes the titles on Meta's
// error-codes page (which also lists 2388039 and 2388072, absent from §4's summary row).
// Meta warns that titles will be deprecated, so callers should key on the code, as we do.
constexpr KnownCode kKnownCodes[] = {
    {0, "AuthException"},
    {3, "API Method"},
    {4, "API Too Many Calls"},
    {10, "Permission Denied"},
    {100, "Invalid parameter"},
    {190, "Access token has expired"},
    {192, "Invalid phone number"},
    {368, "Temporarily blocked for policies violations"},
    {80007, "Rate limit issues"},
    {130429, "Rate limit hit"},
    {130472, "User's number is part of an experiment"},
    {130497, "Business account is restricted from messaging users in this country"},
    {131000, "Something went wrong"},
    {131005, "Access denied"},
    {131008, "Required parameter is missing"},
    {131009, "Parameter value is not valid"},
    {131016, "Service unavailable"},
    {131021, "Recipient cannot be sender"},
    {131026, "Message Undeliverable"},
    {131030, "Recipient phone number not in allowed list"},
    {131031, "Account has been locked"},
    {131037, "Display name approval needed"},
    {131042, "Business eligibility payment issue"},
    {131045, "Incorrect certificate"},
    {131047, "Re-engagement message"},
    {131048, "Spam rate limit hit"},
    {131049, "This message was not delivered to maintain healthy ecosystem engagement."},
    {131050, "User has stopped marketing messages"},
    {131051, "Unsupported message type"},
    {131052, "Media download error"},
    {131053, "Media upload error"},
    {131056, "(Business Account, Consumer Account) pair rate limit hit"},
    {131057, "Account in maintenance mode"},
    {131062, "BSUID recipient not supported"},
    {131063, "Marketing templates disabled on Cloud API"},
    {131064, "Messaging limit hit due to template classification violations"},
    {132000, "Number of parameters does not match the expected number of params"},
    {132001, "Template name does not exist in the translation"},
    {132005, "Translated text too long"},
    {132007, "Template Format Character Policy Violated"},
    {132008, "Template parameter value invalid"},
    {132012, "Parameter format does not match format in the created template"},
    {132015, "Template is Paused"},
    {132016, "Template is Disabled"},
    {132068, "Flow is blocked"},
    {132069, "Flow is throttled"},
    {133010, "Account not registered"},
    {133016, "Account register/deregister rate limit exceeded"},
    {135000, "Generic user error"},
    {137000, "Recipient identity key mismatch"},
    {200002, "HSM Template creation failed"},
    {2388019, "Message Template Limit Exceeded"},
    {2388039, "Message template status can't be changed"},
    {2388040, "Character limit exceeded"},
    {2388047, "Message header format is incorrect"},
    {2388072, "Message body format is incorrect"},
    {2388073, "Message footer format is incorrect"},
    {2388293, "Parameters words ratio exceeds limit"},
    {2388299, "Leading or trailing parameters not allowed"},
};

}  // namespace

std::string MetaErrorTitle(int code) {
  for (const KnownCode& known : kKnownCodes) {
    if (known.code == code) return known.title;
  }
  // Meta documents 200-299 as one family rather than individual codes.
  if (code >= 200 && code <= 299) return "API Permission";
  return "";
}

MetaError MakeMetaError(int code, std::string details) {
  return MetaError{code, MetaErrorTitle(code), std::move(details)};
}

}  // namespace socialite::whatsapp
