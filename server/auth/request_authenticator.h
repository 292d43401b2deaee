// RequestAuthenticator: strict SigV4 mode (--auth verify). Verifies the Authorization header
// of API requests exactly as AWS does — canonical request, signed headers, payload hash,
// credential scope (service social-messaging), 15-minute clock skew — against the configured
// credentials, and answers AWS's errors: missing -> MissingAuthenticationTokenException 403,
// malformed -> IncompleteSignature 403, unknown key -> UnrecognizedClientException 403,
// mismatch -> InvalidSignatureException 403, skew -> RequestExpired 400. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "server/auth/sigv4_request.h"
#include "server/core/api_error.h"
#include "server/core/result.h"
#include "server/dispatch/http_message.h"

namespace socialite::auth {

class RequestAuthenticator {
 public:
  // `credentials`: access key id -> secret key.
  explicit RequestAuthenticator(std::map<std::string, std::string> credentials)
      : credentials_(std::move(credentials)) {}

  // The credential scope that signed the request, when it is correctly signed at `now_ms`.
  Result<CredentialScope> Verify(const HttpRequest& request, int64_t now_ms) const;

 private:
  std::map<std::string, std::string> credentials_;
};

// Parses "AKID:SECRET[,AKID:SECRET...]", or "@FILE" with one AKID:SECRET per line.
Result<std::map<std::string, std::string>> ParseCredentials(const std::string& text);

}  // namespace socialite::auth
