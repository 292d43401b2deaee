#include "server/ui/ui_assets.h"

#include <algorithm>
#include <string>

#include "server/core/json.h"
#include "server/core/sha256.h"
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

// Where index.html takes the first view: "<!--first-view:NAME-->" inside the elements it fills.
constexpr std::string_view kSlotOpen = "<!--first-view:";
constexpr std::string_view kSlotClose = "-->";

// Marks the first render for the page's timings, unless the hash asks for a view the server
// did not render (a thread, another tab): then the script marks it once it has rendered.
constexpr std::string_view kMarkScript =
    "if(!location.hash.replace(/^#\\/?(conversations\\/?)?/,''))"
    "performance.mark('socialite:first-render')";

constexpr std::string_view kPolicy =
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// The Content-Security-Policy source of the mark script: the base64 of its SHA-256.
std::string MarkScriptSource() { return "'sha256-" + Base64Encode(Sha256Bytes(kMarkScript)) + "'"; }

// The request's path as sent (the router drops trailing slashes), percent-decoded; nullopt
// when it does not decode.
std::optional<std::string> DecodedPath(const HttpRequest& request) {
  std::string origin = protocol::OriginForm(request.target);
  return protocol::PercentDecode(origin.substr(0, origin.find('?')));
}

// index.html with each slot replaced by `fill(name)`.
template <typename Fill>
std::string PageText(Fill fill) {
  const Asset* page = FindAsset("index.html");
  std::string_view text = page->bytes();
  std::string out;
  out.reserve(text.size());
  for (;;) {
    size_t open = text.find(kSlotOpen);
    size_t close = open == std::string_view::npos ? open : text.find(kSlotClose, open);
    if (close == std::string_view::npos) break;
    out += text.substr(0, open);
    out += fill(text.substr(open + kSlotOpen.size(), close - open - kSlotOpen.size()));
    text.remove_prefix(close + kSlotClose.size());
  }
  out += text;
  return out;
}

}  // namespace

const Asset* FindAsset(std::string_view path) {
  std::span<const Asset> all = EmbeddedAssets();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const Asset& a, std::string_view p) { return a.path < p; });
  return it != all.end() && it->path == path ? &*it : nullptr;
}

HttpResponse ServeAsset(const HttpRequest& request) {
  std::optional<std::string> path = DecodedPath(request);
  if (!path || !path->starts_with(kBase)) return NotFound(protocol::OriginForm(request.target));
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
    response.SetHeader("Content-Security-Policy", std::string(kPolicy));
  }
  if (name == "index.html") {
    response.body = PageText([](std::string_view) { return std::string(); });
  } else {
    response.body = std::string(asset->bytes());
  }
  return response;
}

bool IsPageRequest(const HttpRequest& request) {
  std::optional<std::string> path = DecodedPath(request);
  return path && *path == std::string(kBase) + "/";
}

HttpResponse ServePageWithView(const FirstView& view) {
  static const std::string policy =
      std::string(kPolicy) + "; script-src 'self' " + MarkScriptSource();
  HttpResponse response;
  response.status = 200;
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Content-Security-Policy", policy);
  response.body = PageText([&](std::string_view slot) -> std::string {
    if (slot == "accounts") return view.accounts;
    if (slot == "threads") return view.threads;
    if (slot == "chat-head") return view.chat_head;
    if (slot == "messages") return view.messages;
    if (slot == "clock") return view.clock;
    if (slot == "mark") return "<script>" + std::string(kMarkScript) + "</script>";
    if (slot == "data") {
      return "<script type=\"application/json\" id=\"first-view-data\">" + view.data + "</script>";
    }
    return std::string();
  });
  return response;
}

}  // namespace socialite::ui
