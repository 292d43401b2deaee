#include "server/auth/request_authenticator.h"

#include <fstream>
#include <sstream>
#include <string_view>

#include "server/auth/sigv4_verifier.h"

namespace socialite::auth {
namespace {

constexpr char kService[] = "social-messaging";

std::string_view Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

// One "AKID:SECRET" entry; `where` says which entry for the error message. The secret may not
// contain ',' (the list separator) but may contain ':'; the key may not contain '/' because
// the credential scope of a signature is '/'-separated.
Status AddEntry(std::string_view entry, const std::string& where,
                std::map<std::string, std::string>& credentials) {
  size_t colon = entry.find(':');
  if (colon == std::string_view::npos) {
    return InvalidParameters("--credentials: " + where + " is not AKID:SECRET");
  }
  std::string_view key = Trim(entry.substr(0, colon));
  std::string_view secret = Trim(entry.substr(colon + 1));
  if (key.empty() || secret.empty()) {
    return InvalidParameters("--credentials: " + where +
                             " needs both an access key id and a secret key");
  }
  if (key.find_first_of("/ \t") != std::string_view::npos) {
    return InvalidParameters("--credentials: " + where +
                             " has an access key id with '/' or "
                             "white space: '" +
                             std::string(key) + "'");
  }
  auto [it, inserted] = credentials.emplace(std::string(key), std::string(secret));
  if (!inserted && it->second != secret) {
    return InvalidParameters("--credentials: access key id '" + std::string(key) +
                             "' is listed twice with different secrets");
  }
  return {};
}

}  // namespace

Result<CredentialScope> RequestAuthenticator::Verify(const HttpRequest& request,
                                                     int64_t now_ms) const {
  return VerifySigV4(request, now_ms, kService, credentials_);
}

Result<std::map<std::string, std::string>> ParseCredentials(const std::string& text) {
  std::map<std::string, std::string> credentials;
  if (!text.empty() && text[0] == '@') {
    const std::string path = text.substr(1);
    std::ifstream file(path);
    if (!file) return InvalidParameters("--credentials: cannot read file '" + path + "'");
    std::string line;
    int number = 0;
    while (std::getline(file, line)) {
      ++number;
      std::string_view entry = Trim(line);
      if (entry.empty() || entry[0] == '#') continue;
      RETURN_IF_ERROR(AddEntry(entry, path + " line " + std::to_string(number), credentials));
    }
    if (file.bad()) return InvalidParameters("--credentials: error reading file '" + path + "'");
    return credentials;
  }
  if (Trim(text).empty()) return credentials;
  std::stringstream list(text);
  std::string entry;
  int number = 0;
  while (std::getline(list, entry, ',')) {
    ++number;
    RETURN_IF_ERROR(AddEntry(entry, "entry " + std::to_string(number), credentials));
  }
  // getline drops a trailing empty field; "A:B," still names a missing entry.
  if (text.back() == ',') {
    return InvalidParameters("--credentials: entry " + std::to_string(number + 1) +
                             " is not AKID:SECRET");
  }
  return credentials;
}

}  // namespace socialite::auth
