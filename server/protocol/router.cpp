#include "server/protocol/router.h"

#include <cstdint>

#include "server/core/utf8.h"

namespace socialite::protocol {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string NormalizePath(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text) {
  // Most paths and query parts have no escape: copied whole (every request decodes several).
  size_t first = text.find('%');
  if (first == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  out.append(text.substr(0, first));
  for (size_t i = first; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = HexDigit(text[i + 1]);
    int low = HexDigit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string OriginForm(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!StartsWithIgnoringCase(target, scheme)) continue;
    std::string_view rest = target.substr(scheme.size());
    size_t path = rest.find_first_of("/?");
    if (path == std::string_view::npos) return "/";
    // "http://host?q" has an empty path, which stands for "/" (RFC 9110 §4.2.3).
    std::string origin = rest[path] == '/' ? "" : "/";
    origin.append(rest.substr(path));
    return origin;
  }
  return std::string(target);
}

Result<Target> ParseTarget(std::string_view target) {
  std::string origin;
  if (!target.starts_with('/')) {
    origin = OriginForm(target);
    target = origin;
  }
  Target parsed;
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  auto path = PercentDecode(raw_path);
  if (!path) return Serialization("Malformed percent-encoding in the request path");
  if (!IsValidUtf8(*path)) return Serialization("The request path is not valid UTF-8 once decoded");
  parsed.path = NormalizePath(std::move(*path));
  if (question == std::string_view::npos) return parsed;

  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq));
    auto value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!key || !value) return Serialization("Malformed percent-encoding in the query string");
    if (!IsValidUtf8(*key) || !IsValidUtf8(*value)) {
      return Serialization("The query string is not valid UTF-8 once decoded");
    }
    parsed.query.emplace_back(std::move(*key), std::move(*value));
  }
  return parsed;
}

Router::Router(const spec::ServiceSpec& spec) {
  for (const auto& op : spec.operations()) {
    routes_[{op.method, NormalizePath(op.path)}] = &op;
  }
}

const spec::Operation* Router::Find(std::string_view method, std::string_view path) const {
  auto it = routes_.find(std::pair<std::string, std::string>(method, path));
  return it == routes_.end() ? nullptr : it->second;
}

}  // namespace socialite::protocol
