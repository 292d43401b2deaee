// Router: (method, path) -> the spec operation, plus the decoded query string.
// Built once from the spec table; every operation path of this service is a literal.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/core/result.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {

// Query parameters in arrival order, percent-decoded ('+' stays '+', as AWS SDKs send %20).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Target {
  std::string path;  // decoded, without a trailing slash (except "/")
  QueryParams query;
};

// The origin form (path and "?query") of a request target: an absolute-form target
// ("http://host:port/path?query", which RFC 9112 §3.2.2 says a server MUST accept) loses its
// scheme and authority; any other target is returned as it is.
std::string OriginForm(std::string_view target);

// Splits an origin-form (or absolute-form) target; malformed percent-encoding is a
// SerializationException.
Result<Target> ParseTarget(std::string_view target);

// Decodes %XX escapes; nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text);

class Router {
 public:
  explicit Router(const spec::ServiceSpec& spec);
  // The operation for method + decoded path, or nullptr.
  const spec::Operation* Find(std::string_view method, std::string_view path) const;

 private:
  std::map<std::pair<std::string, std::string>, const spec::Operation*, std::less<>> routes_;
};

}  // namespace socialite::protocol
