#include "server/ui/ui_assets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "server/dispatch/api_dispatcher.h"
#include "server/handlers/handler_table.h"
#include "server/spec/spec_types.h"
#include "tests/server/testing/test_env.h"

namespace socialite::ui {
namespace {

namespace fs = std::filesystem;

const fs::path kAssetDir = fs::path(SOCIALITE_SOURCE_DIR) / "server/ui/assets";
const fs::path kModuleDir = fs::path(SOCIALITE_SOURCE_DIR) / "server/ui/modules";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

HttpRequest Get(std::string target, std::string if_none_match = "") {
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.remote_address = "127.0.0.1";
  if (!if_none_match.empty()) request.headers.emplace_back("If-None-Match", if_none_match);
  return request;
}

// `prefix` + "v/<this build's version>" + `rest`.
std::string Versioned(std::string_view prefix, std::string_view rest) {
  std::string path(prefix);
  path += "v/";
  path += AssetVersion();
  path += rest;
  return path;
}

// index.html as served: its "@ASSETS@" names this build's versioned directory.
std::string ServedIndex() {
  std::string html = ReadFile(kAssetDir / "index.html");
  std::string versioned = Versioned("", "");
  for (size_t at = html.find("@ASSETS@"); at != std::string::npos; at = html.find("@ASSETS@", at))
    html.replace(at, 8, versioned);
  return html;
}

// The page as served without its first view: the slots the server fills are gone.
std::string PageWithoutView() {
  std::string html = ServedIndex();
  for (size_t at = html.find("<!--first-view:"); at != std::string::npos;
       at = html.find("<!--first-view:", at)) {
    html.erase(at, html.find("-->", at) + 3 - at);
  }
  return html;
}

TEST(UiAssetsTest, TableHoldsEveryFileOfTheAssetDirectoryByteForByte) {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kAssetDir)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::string name = entry.path().filename().string();
    const Asset* asset = FindAsset(name);
    ASSERT_NE(asset, nullptr) << name;
    EXPECT_EQ(asset->bytes(), name == "index.html" ? ServedIndex() : ReadFile(entry.path()))
        << name;
  }
  EXPECT_EQ(EmbeddedAssets().size(), files + 1);  // and inbox.js, made from the modules
  EXPECT_EQ(FindAsset("nothing.js"), nullptr);
}

TEST(UiAssetsTest, InboxJsJoinsEveryModuleAfterWhatItImportsWithoutImportOrExport) {
  const Asset* bundle = FindAsset("inbox.js");
  ASSERT_NE(bundle, nullptr);
  std::string_view text = bundle->bytes();
  EXPECT_EQ(text.find("\nimport "), std::string_view::npos);
  EXPECT_EQ(text.find("\nexport "), std::string_view::npos);
  auto at = [&](std::string_view module) { return text.find("// ---- " + std::string(module)); };
  size_t modules = 0;
  for (const auto& entry : fs::directory_iterator(kModuleDir)) {
    std::string name = entry.path().filename().string();
    ++modules;
    ASSERT_NE(at(name), std::string_view::npos) << name;
    // Each `import { ... } from './x.js';` of the module names a module written before it.
    std::string source = ReadFile(entry.path());
    for (size_t from = source.find("from './"); from != std::string::npos;
         from = source.find("from './", from + 1)) {
      size_t start = from + 8;
      std::string imported = source.substr(start, source.find('\'', start) - start);
      EXPECT_LT(at(imported), at(name)) << name << " imports " << imported;
    }
    // Its first exported function is there, with `export` taken off.
    size_t exported = source.find("export function ");
    if (exported != std::string::npos) {
      size_t start = exported + 7;  // past "export "
      std::string declaration = source.substr(start, source.find('(', start) - start);
      EXPECT_NE(text.find(declaration), std::string_view::npos) << name << ": " << declaration;
    }
  }
  EXPECT_GE(modules, 10u);
  EXPECT_LT(at("api.js"), at("boot.js"));  // boot.js asks for the first view's data early
}

TEST(UiAssetsTest, TableIsSortedWithTypesAndDistinctQuotedEtags) {
  std::span<const Asset> all = EmbeddedAssets();
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].path, all[i].path);
  for (const Asset& a : all) {
    EXPECT_EQ(a.etag.size(), 22u) << a.path;
    EXPECT_EQ(a.etag.front(), '"');
    EXPECT_EQ(a.etag.back(), '"');
    for (const Asset& b : all) {
      if (&a != &b && a.bytes() != b.bytes()) {
        EXPECT_NE(a.etag, b.etag);
      }
    }
  }
  EXPECT_EQ(FindAsset("index.html")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(FindAsset("inbox.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(FindAsset("style.css")->content_type, "text/css; charset=utf-8");
}

TEST(UiAssetsTest, BarePathRedirectsToTheDirectory) {
  HttpResponse moved = ServeAsset(Get("/_socialite/ui"));
  EXPECT_EQ(moved.status, 308);
  EXPECT_EQ(moved.Header("Location"), "/_socialite/ui/");
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui?x=1")).status, 308);
}

TEST(UiAssetsTest, DirectoryIsIndexHtmlWithItsEtagAndNoCache) {
  HttpResponse index = ServeAsset(Get("/_socialite/ui/"));
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.body, PageWithoutView());
  EXPECT_NE(ServedIndex(), PageWithoutView()) << "index.html has first-view slots";
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("ETag"), FindAsset("index.html")->etag);
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  EXPECT_NE(index.Header("Content-Security-Policy").find("default-src 'self'"),
            std::string_view::npos);
}

TEST(UiAssetsTest, FileIsServedWithItsTypeAndPercentDecodedName) {
  HttpResponse script = ServeAsset(Get("/_socialite/ui/inbox.js?v=2"));
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, FindAsset("inbox.js")->bytes());
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/inbox%2Ejs")).status, 200);
  // An absolute-form target, as a proxy sends it.
  EXPECT_EQ(ServeAsset(Get("http://127.0.0.1:4576/_socialite/ui/style.css")).status, 200);
}

TEST(UiAssetsTest, VersionChangesWithTheFilesAndIndexNamesEveryFileUnderIt) {
  EXPECT_EQ(AssetVersion().size(), 16u);
  std::string_view index = FindAsset("index.html")->bytes();
  EXPECT_EQ(index.find("@ASSETS@"), std::string_view::npos);
  std::string versioned = Versioned("", "/");
  for (const char* file : {"style.css", "inbox.js", "favicon.svg"}) {
    EXPECT_NE(index.find(versioned + file), std::string_view::npos) << file;
  }
}

TEST(UiAssetsTest, VersionedFilesAreCachedForGoodOnlyUnderTheCurrentVersion) {
  std::string current = Versioned("/_socialite/ui/", "/");
  HttpResponse script = ServeAsset(Get(current + "inbox.js"));
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.body, FindAsset("inbox.js")->bytes());
  EXPECT_EQ(script.Header("Cache-Control"), "max-age=31536000, immutable");
  EXPECT_EQ(script.Header("Content-Type"), "text/javascript; charset=utf-8");
  // A tab of an older build still loads, but nothing is kept under its old name.
  HttpResponse stale = ServeAsset(Get("/_socialite/ui/v/0123456789abcdef/inbox.js"));
  ASSERT_EQ(stale.status, 200);
  EXPECT_EQ(stale.Header("Cache-Control"), "no-cache");
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/inbox.js")).Header("Cache-Control"), "no-cache");
  EXPECT_EQ(ServeAsset(Get(current + "index.html")).status, 404);
  EXPECT_EQ(ServeAsset(Get(current)).status, 404);
  EXPECT_EQ(ServeAsset(Get(current + "missing.js")).status, 404);
  EXPECT_EQ(ServeAsset(Get(Versioned("/_socialite/ui/", ""))).status, 404);
}

TEST(UiAssetsTest, MatchingIfNoneMatchIsNotModified) {
  std::string etag(FindAsset("inbox.js")->etag);
  HttpResponse same = ServeAsset(Get("/_socialite/ui/inbox.js", etag));
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(same.Header("ETag"), etag);
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/inbox.js", "\"other\", W/" + etag)).status, 304);
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/inbox.js", "\"other\"")).status, 200);
}

TEST(UiAssetsTest, UnknownFilesAndPathsOutsideTheDirectoryAre404) {
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/missing.js")).status, 404);
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/../events")).status, 404);
  EXPECT_EQ(ServeAsset(Get("/_socialite/ui/sub/inbox.js")).status, 404);
  EXPECT_EQ(ServeAsset(Get("/_socialite/uix")).status, 404);
}

TEST(UiAssetsTest, AdminRouteServesThePageWithItsFirstView) {
  testing::TestEnv env;
  testing::Reply page = env.Get("/_socialite/ui/");
  EXPECT_EQ(page.status(), 200);
  EXPECT_EQ(page.Header("Cache-Control"), "no-store");
  EXPECT_EQ(page.Header("ETag"), "");
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.Header("Content-Security-Policy").find("script-src 'self' 'sha256-"),
            std::string::npos);
  for (const char* part :
       {"<button class=\"chip\" type=\"button\" aria-pressed=\"true\"",
        "<div class=\"placeholder\">", "<strong>No chat open</strong>", "<li class=\"empty\">",
        "performance.mark('socialite:first-render')", " UTC</span>"}) {
    EXPECT_NE(page.http.body.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(page.http.body.find("<!--first-view:"), std::string::npos);
  // The rest of the page is index.html's.
  EXPECT_TRUE(page.http.body.starts_with(PageWithoutView().substr(0, 200)));
  EXPECT_EQ(env.Get("/_socialite/ui").status(), 308);
  EXPECT_EQ(env.Get("/_socialite/ui/index.html").http.body, PageWithoutView());
  EXPECT_EQ(env.Get("/_socialite/ui/style.css").Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(env.Get("/_socialite/ui/nope.css").status(), 404);
  testing::Reply versioned = env.Get(Versioned("/_socialite/ui/", "/style.css"));
  EXPECT_EQ(versioned.status(), 200);
  EXPECT_EQ(versioned.Header("Cache-Control"), "max-age=31536000, immutable");
  EXPECT_EQ(env.Post("/_socialite/ui/", "").status(), 405);
}

TEST(UiAssetsTest, IndexHasEachSlotTheServerFillsOnce) {
  std::string_view html = FindAsset("index.html")->bytes();
  std::multiset<std::string> slots;
  for (size_t at = html.find("<!--first-view:"); at != std::string_view::npos;
       at = html.find("<!--first-view:", at + 1)) {
    size_t name = at + std::string_view("<!--first-view:").size();
    slots.insert(std::string(html.substr(name, html.find("-->", name) - name)));
  }
  EXPECT_EQ(slots, (std::multiset<std::string>{"accounts", "chat-head", "clock", "data", "mark",
                                               "messages", "threads"}));
}

TEST(UiAssetsTest, FirstViewListsTheThreads) {
  testing::TestEnv env;
  std::string inbound =
      R"({"phoneNumberId":")" + std::string(testing::kFixtureNumberId) +
      R"(","from":"14255550100","name":"<Diego>","type":"text","text":{"body":"a & b"}})";
  ASSERT_EQ(env.Post("/_socialite/inbound", inbound).status(), 200);
  std::string body = env.Get("/_socialite/ui/").http.body;
  EXPECT_NE(body.find("<span class=\"thread-name\">&lt;Diego&gt;</span>"), std::string::npos)
      << body;
  EXPECT_NE(body.find("<span class=\"thread-preview\">a &amp; b</span>"), std::string::npos);
  EXPECT_EQ(body.find("<li class=\"empty\">"), std::string::npos);
}

TEST(UiAssetsTest, PageNeedsNoAdminTokenButDataDoesAndLoopbackOnlyStillApplies) {
  testing::TestEnv env(testing::TestEnvOptions{.admin_token = "s3cret"});
  Operability guarded;
  guarded.admin_token = "s3cret";
  guarded.admin_loopback_only = true;
  ApiDispatcher dispatcher(spec::Service(), BuildHandlerTable(), env.services(), env.admin(),
                           env.executors(), guarded);
  HttpResponse page = HandleAndWait(dispatcher, Get("/_socialite/ui/"));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, PageWithoutView()) << "a public page holds no data";
  EXPECT_EQ(HandleAndWait(dispatcher, Get("/_socialite/ui")).status, 308);
  EXPECT_EQ(HandleAndWait(dispatcher, Get("/_socialite/ui/inbox.js")).status, 200);
  EXPECT_EQ(HandleAndWait(dispatcher, Get("/_socialite/messages")).status, 401);
  EXPECT_EQ(HandleAndWait(dispatcher, Get("/_socialite/uidata")).status, 401);
  HttpRequest post = Get("/_socialite/ui/");
  post.method = "POST";
  EXPECT_EQ(HandleAndWait(dispatcher, post).status, 401);
  HttpRequest remote = Get("/_socialite/ui/");
  remote.remote_address = "192.0.2.7";
  EXPECT_EQ(HandleAndWait(dispatcher, remote).status, 403);
}

}  // namespace
}  // namespace socialite::ui
