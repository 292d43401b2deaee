// The inbox page's files (server/ui/assets/), embedded at build time by
// server/ui/embed_assets.cmake, and the answer to GET /_socialite/ui[/file].
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "server/dispatch/http_message.h"
#include "server/ui/first_view.h"

namespace socialite::ui {

struct Asset {
  std::string_view path;          // file name inside assets/, e.g. "app.js"
  std::string_view content_type;  // from the extension
  const unsigned char* data;
  std::size_t size;
  std::string_view etag;  // quoted, from the SHA-256 of the bytes

  std::string_view bytes() const { return {reinterpret_cast<const char*>(data), size}; }
};

// Every embedded file, sorted by path (generated).
std::span<const Asset> EmbeddedAssets();

// A digest of every file but index.html (generated); index.html names its files under
// "v/<version>/", so a rebuilt page gets new URLs and the old ones can be cached for good.
std::string_view AssetVersion();

// The asset named `path`, or nullptr.
const Asset* FindAsset(std::string_view path);

// GET of the page: "/_socialite/ui" redirects (308) to "/_socialite/ui/", which is
// index.html; "/_socialite/ui/<file>" is that asset (304 when If-None-Match has its ETag),
// 404 otherwise. "/_socialite/ui/v/<version>/<file>" is the same file, cached for a year
// when <version> is this build's (index.html and other paths are revalidated every time).
// `request.target` is read as sent, since the router drops trailing slashes.
HttpResponse ServeAsset(const HttpRequest& request);

// True when `request` asks for the page itself, "/_socialite/ui/".
bool IsPageRequest(const HttpRequest& request);

// The page with its first view filled in (first_view.h), and a mark of it for the page's
// timings: never cached, since it holds data.
HttpResponse ServePageWithView(const FirstView& view);

}  // namespace socialite::ui
