// The S3 backend against an in-test S3 stand-in (Beast on 127.0.0.1, one thread) that verifies
// every request the way S3 would: path-style addressing, the SigV4 Authorization header
// recomputed with the known secret, and x-amz-content-sha256 against the body. Also covers
// net::SendHttp's failure paths, which the S3 backend relies on.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "server/net/http_client.h"
#include "server/objectstore/object_store.h"
#include "server/objectstore/sigv4.h"

namespace socialite::objectstore {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr char kAccessKey[] = "AK";
constexpr char kSecretKey[] = "test-secret/with+chars";
constexpr char kBucket[] = "media-bucket";

struct SeenRequest {
  std::string method;
  std::string target;
  std::string host;
  std::string content_type;
};

// A minimal S3: PUT and GET of objects, path-style only, every request authenticated.
class FakeS3 {
 public:
  FakeS3() : acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }

  ~FakeS3() {
    stopping_ = true;
    // Unblock the pending accept with one last connection.
    asio::io_context io;
    tcp::socket socket(io);
    beast::error_code ignored;
    socket.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port_), ignored);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  unsigned short port() const { return port_; }

  // Protocol violations seen (anything a real S3 would reject other than a bad signature).
  std::vector<std::string> problems() {
    std::lock_guard<std::mutex> lock(mu_);
    return problems_;
  }
  int signature_failures() {
    std::lock_guard<std::mutex> lock(mu_);
    return signature_failures_;
  }
  std::vector<SeenRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  using Request = http::request<http::string_body>;
  using Response = http::response<http::string_body>;

  void Serve() {
    while (!stopping_) {
      tcp::socket socket(io_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      beast::flat_buffer buffer;
      Request request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      Response response = Handle(request);
      response.version(11);
      response.prepare_payload();
      http::write(socket, response, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  static Response Xml(http::status status, const std::string& code, const std::string& message) {
    Response response(status, 11);
    response.set(http::field::content_type, "application/xml");
    response.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code +
                      "</Code><Message>" + message + "</Message><RequestId>1</RequestId></Error>";
    return response;
  }

  void Problem(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    problems_.push_back(text);
  }

  Response Handle(const Request& request) {
    std::string method(request.method_string());
    std::string target(request.target());
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back({method, target, std::string(request[http::field::host]),
                           std::string(request[http::field::content_type])});
    }

    // Path-style: the Host is the endpoint itself and the bucket is the first path segment.
    std::string expected_host = "127.0.0.1:" + std::to_string(port_);
    if (request[http::field::host] != expected_host) {
      Problem("host header " + std::string(request[http::field::host]));
    }
    if (target.rfind(std::string("/") + kBucket + "/", 0) != 0)
      Problem("not path-style: " + target);
    if (target.find('?') != std::string::npos) Problem("unexpected query: " + target);

    std::string payload_hash(request["x-amz-content-sha256"]);
    if (payload_hash != HexSha256(request.body())) Problem("x-amz-content-sha256 mismatch");
    std::string amz_date(request["x-amz-date"]);

    static const std::regex kAuthorization(
        "AWS4-HMAC-SHA256 Credential=([^/]+)/([0-9]{8})/us-east-1/s3/aws4_request, "
        "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    std::string authorization(request[http::field::authorization]);
    std::smatch match;
    if (!std::regex_match(authorization, match, kAuthorization)) {
      Problem("authorization " + authorization);
      return Xml(http::status::forbidden, "AccessDenied", "malformed Authorization");
    }
    if (match[1] != kAccessKey) Problem("access key " + match[1].str());
    if (amz_date.size() != 16 || amz_date.substr(0, 8) != match[2]) Problem("date " + amz_date);
    std::string signed_headers = match[3];
    for (const char* required : {"host", "x-amz-content-sha256", "x-amz-date"}) {
      if ((";" + signed_headers + ";").find(std::string(";") + required + ";") ==
          std::string::npos) {
        Problem(std::string("unsigned header ") + required);
      }
    }

    // Recompute the signature from what arrived, as S3 does.
    SigningRequest signing;
    signing.method = method;
    signing.path = target;
    signing.payload_sha256_hex = payload_hash;
    size_t start = 0;
    while (start <= signed_headers.size()) {
      size_t end = signed_headers.find(';', start);
      if (end == std::string::npos) end = signed_headers.size();
      std::string name = signed_headers.substr(start, end - start);
      signing.headers.emplace_back(name, std::string(request[name]));
      start = end + 1;
    }
    SigningKey key{kAccessKey, kSecretKey, "us-east-1", "s3"};
    if (Signature(signing, key, amz_date) != match[4]) {
      std::lock_guard<std::mutex> lock(mu_);
      ++signature_failures_;
      return Xml(http::status::forbidden, "SignatureDoesNotMatch",
                 "The request signature we calculated does not match the signature you "
                 "provided.");
    }

    if (target == std::string("/") + kBucket + "/explode") {
      return Xml(http::status::internal_server_error, "InternalError",
                 "We encountered an "
                 "internal error.");
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (request.method() == http::verb::put) {
      objects_[target] = {request.body(), std::string(request[http::field::content_type])};
      Response response(http::status::ok, 11);
      response.set(http::field::etag, "\"etag\"");
      return response;
    }
    if (request.method() == http::verb::get) {
      auto it = objects_.find(target);
      if (it == objects_.end()) {
        return Xml(http::status::not_found, "NoSuchKey", "The specified key does not exist.");
      }
      Response response(http::status::ok, 11);
      if (!it->second.second.empty()) response.set(http::field::content_type, it->second.second);
      response.body() = it->second.first;
      return response;
    }
    return Xml(http::status::method_not_allowed, "MethodNotAllowed", "no");
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  std::mutex mu_;
  std::vector<std::string> problems_;
  int signature_failures_ = 0;
  std::vector<SeenRequest> requests_;
  std::map<std::string, std::pair<std::string, std::string>> objects_;
};

class S3StoreTest : public ::testing::Test {
 protected:
  S3StoreTest() : store_(MakeS3Store({server_.url(), kAccessKey, kSecretKey, "us-east-1"})) {}
  ~S3StoreTest() override { EXPECT_EQ(server_.problems(), std::vector<std::string>{}); }

  FakeS3 server_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(S3StoreTest, PutThenGet) {
  std::string bytes("\xFF\xD8\xFF\xE0 jpeg \0 bytes", 18);
  auto put = store_->Put(kBucket, "photos/cat.jpg", bytes, "image/jpeg");
  ASSERT_TRUE(std::holds_alternative<bool>(put)) << std::get<ObjectFailure>(put).message;

  auto got = store_->Get(kBucket, "photos/cat.jpg");
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got)) << std::get<ObjectFailure>(got).message;
  EXPECT_EQ(std::get<StoredObject>(got).bytes, bytes);
  EXPECT_EQ(std::get<StoredObject>(got).content_type, "image/jpeg");

  std::vector<SeenRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].target, "/media-bucket/photos/cat.jpg");
  EXPECT_EQ(requests[0].content_type, "image/jpeg");
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].target, "/media-bucket/photos/cat.jpg");
  EXPECT_EQ(server_.signature_failures(), 0);
}

TEST_F(S3StoreTest, KeysAreUriEncodedInThePathAndSignedAsSent) {
  const std::string key = "dir/my photo+1 (caf\xC3\xA9)&$.jpg";
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put(kBucket, key, "x", "")));
  auto got = store_->Get(kBucket, key);
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
  EXPECT_EQ(std::get<StoredObject>(got).bytes, "x");
  EXPECT_EQ(std::get<StoredObject>(got).content_type, "");
  EXPECT_EQ(server_.requests().at(0).target,
            "/media-bucket/dir/my%20photo%2B1%20%28caf%C3%A9%29%26%24.jpg");
  EXPECT_EQ(server_.signature_failures(), 0);
}

TEST_F(S3StoreTest, EmptyObject) {
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put(kBucket, "empty", "", "text/plain")));
  auto got = store_->Get(kBucket, "empty");
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
  EXPECT_EQ(std::get<StoredObject>(got).bytes, "");
}

TEST_F(S3StoreTest, MissingObjectIsNotFound) {
  auto got = store_->Get(kBucket, "nothing.jpg");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(got));
  EXPECT_EQ(std::get<ObjectFailure>(got).code, ObjectError::kNotFound);
  EXPECT_NE(std::get<ObjectFailure>(got).message.find("NoSuchKey"), std::string::npos);
}

TEST_F(S3StoreTest, WrongSecretIsUnavailableWithTheS3ErrorCode) {
  auto store = MakeS3Store({server_.url(), kAccessKey, "wrong-secret", "us-east-1"});
  auto got = store->Get(kBucket, "k");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(got));
  const ObjectFailure& failure = std::get<ObjectFailure>(got);
  EXPECT_EQ(failure.code, ObjectError::kUnavailable);
  EXPECT_NE(failure.message.find("403 SignatureDoesNotMatch: The request signature"),
            std::string::npos)
      << failure.message;
  EXPECT_EQ(server_.signature_failures(), 1);
}

TEST_F(S3StoreTest, ServerErrorIsUnavailable) {
  auto put = store_->Put(kBucket, "explode", "x", "");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(put));
  EXPECT_EQ(std::get<ObjectFailure>(put).code, ObjectError::kUnavailable);
  EXPECT_NE(std::get<ObjectFailure>(put).message.find("500 InternalError"), std::string::npos);
}

TEST_F(S3StoreTest, InvalidNamesFailWithoutARequest) {
  auto bad_bucket = store_->Get("Bad_Bucket", "k");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(bad_bucket));
  EXPECT_EQ(std::get<ObjectFailure>(bad_bucket).code, ObjectError::kInvalidKey);
  auto empty_key = store_->Put(kBucket, "", "x", "");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(empty_key));
  EXPECT_EQ(std::get<ObjectFailure>(empty_key).code, ObjectError::kInvalidKey);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(S3StoreTest, Describe) { EXPECT_EQ(store_->Describe(), "s3:" + server_.url()); }

// A port with nothing listening: bound once to get a free number, then released.
unsigned short ClosedPort() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  return acceptor.local_endpoint().port();
}

TEST(S3StoreUnreachableTest, TransportErrorIsUnavailable) {
  auto store =
      MakeS3Store({"http://127.0.0.1:" + std::to_string(ClosedPort()), "AK", "SK", "us-east-1"});
  auto got = store->Get(kBucket, "k");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(got));
  EXPECT_EQ(std::get<ObjectFailure>(got).code, ObjectError::kUnavailable);
}

TEST(S3StoreUnreachableTest, InvalidEndpointIsUnavailable) {
  auto store = MakeS3Store({"not a url", "AK", "SK", "us-east-1"});
  auto got = store->Get(kBucket, "k");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(got));
  EXPECT_EQ(std::get<ObjectFailure>(got).code, ObjectError::kUnavailable);
}

HttpRequest Get() {
  HttpRequest request;
  request.method = "GET";
  return request;
}

TEST(HttpClientTest, ConnectionRefused) {
  net::ClientResult result =
      net::SendHttp("http://127.0.0.1:" + std::to_string(ClosedPort()) + "/", Get(), 2000);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("connect"), std::string::npos) << result.error;
}

TEST(HttpClientTest, SilentServerTimesOut) {
  // Listening but never accepting: the kernel completes the handshake, nobody answers.
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  std::string url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/x";
  auto start = std::chrono::steady_clock::now();
  net::ClientResult result = net::SendHttp(url, Get(), 300);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("timeout"), std::string::npos) << result.error;
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(HttpClientTest, BadInputIsAnErrorNotAnException) {
  EXPECT_FALSE(net::SendHttp("not a url", Get()).ok);
  EXPECT_FALSE(net::SendHttp("ftp://127.0.0.1/x", Get()).ok);
  EXPECT_FALSE(net::SendHttp("http:///x", Get()).ok);
  HttpRequest injected = Get();
  injected.headers.emplace_back("X-Test", "a\r\nInjected: yes");
  EXPECT_FALSE(net::SendHttp("http://127.0.0.1:1/", injected).ok);
  HttpRequest no_method;
  EXPECT_FALSE(net::SendHttp("http://127.0.0.1:1/", no_method).ok);
}

TEST(HttpClientTest, HttpsToAPlainServerFailsCleanly) {
  FakeS3 server;
  net::ClientResult result = net::SendHttp(
      "https://127.0.0.1:" + std::to_string(server.port()) + "/media-bucket/k", Get(), 2000);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("TLS handshake"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace socialite::objectstore
