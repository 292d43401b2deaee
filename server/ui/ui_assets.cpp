#include "server/ui/ui_assets.h"

#include <algorithm>
#include <string>

#include "server/core/json.h"
#include "server/protocol/router.h"
#include "server/protocol/serializer.h"

namespace socialite::ui {
namespace {

constexpr std::string_view kBase = "/_socialite/ui";
constexpr std::string_view kVersioned = "v/";

HttpResponse NotFound(std::string_view what) {
  Value body = Value::Object();
  body.Set("error", "The inbox page has no file " + std::string(what));
  return protocol::JsonResponse(404, body);
}

// True when the If-None-Match list names `etag` (or is "*").
bool Matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);  // weak comparison, as for GET
    if (item == etag || item == "*") return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

const Asset* FindAsset(std::string_view path) {
  std::span<const Asset> all = EmbeddedAssets();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const Asset& a, std::string_view p) { return a.path < p; });
  return it != all.end() && it->path == path ? &*it : nullptr;
}

HttpResponse ServeAsset(const HttpRequest& request) {
  std::string origin = protocol::OriginForm(request.target);
  std::optional<std::string> path = protocol::PercentDecode(origin.substr(0, origin.find('?')));
  if (!path || !path->starts_with(kBase)) return NotFound(origin);
  std::string_view rest = std::string_view(*path).substr(kBase.size());
  if (rest.empty()) {
    HttpResponse moved;
    moved.status = 308;
    moved.SetHeader("Location", std::string(kBase) + "/");
    return moved;
  }
  if (rest.front() != '/') return NotFound(rest);  // "/_socialite/uix" is not ours
  std::string_view name = rest.substr(1);
  bool current = false;  // under this build's v/<version>/, whose bytes never change
  if (name.starts_with(kVersioned)) {
    std::string_view versioned = name.substr(kVersioned.size());
    size_t slash = versioned.find('/');
    if (slash == std::string_view::npos) return NotFound(name);
    current = versioned.substr(0, slash) == AssetVersion();
    name = versioned.substr(slash + 1);
    if (name.empty() || name == "index.html") return NotFound(rest);
  }
  if (name.empty()) name = "index.html";
  const Asset* asset = FindAsset(name);
  if (asset == nullptr) return NotFound(name);

  HttpResponse response;
  response.SetHeader("ETag", std::string(asset->etag));
  // The page and unversioned names are revalidated, so a rebuilt server's page is picked up
  // at once; the files it names carry their version, so the browser keeps them unasked.
  response.SetHeader("Cache-Control", current ? "max-age=31536000, immutable" : "no-cache");
  if (Matches(request.Header("If-None-Match"), asset->etag)) {
    response.status = 304;
    return response;
  }
  response.SetHeader("Content-Type", std::string(asset->content_type));
  response.SetHeader("X-Content-Type-Options", "nosniff");
  if (asset->content_type.starts_with("text/html")) {
    // The page loads only its own files and talks only to this server.
    response.SetHeader("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
                       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  }
  response.body = std::string(asset->bytes());
  return response;
}

}  // namespace socialite::ui
