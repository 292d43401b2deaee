#include "server/net/http_server.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/exec/completion_batch.h"

namespace socialite::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr char kTooLargeBody[] = R"({"__type":"RequestEntityTooLargeException"})";

// Answers "<METHOD> <target> <body>"; GET /slow takes 300 ms.
class FakeHandler : public RequestHandler {
 public:
  void Handle(HttpRequest request, Responder respond) override { respond(Answer(request)); }

  HttpResponse Answer(const HttpRequest& request) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
      slow_started_ = slow_started_ || request.target == "/slow";
    }
    started_.notify_all();
    if (request.target == "/slow") std::this_thread::sleep_for(milliseconds(300));
    HttpResponse response;
    response.SetHeader("Content-Type", "text/plain");
    response.SetHeader("x-test", "fake");
    response.body = request.method + " " + request.target + " " + request.body;
    return response;
  }

  HttpResponse TooLarge() override {
    HttpResponse response;
    response.status = 413;
    response.SetHeader("x-amzn-ErrorType", "RequestEntityTooLargeException");
    response.body = kTooLargeBody;
    return response;
  }

  bool WaitForSlowRequest() {
    std::unique_lock<std::mutex> lock(mu_);
    return started_.wait_for(lock, std::chrono::seconds(5), [this] { return slow_started_; });
  }

  std::vector<HttpRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::condition_variable started_;
  std::vector<HttpRequest> requests_;
  bool slow_started_ = false;
};

// A blocking socket whose reads fail with timed_out instead of hanging the test forever.
class PatientSocket {
 public:
  explicit PatientSocket(asio::io_context& io) : socket_(io) {}

  tcp::socket& socket() { return socket_; }
  void set_read_timeout(milliseconds timeout) { read_timeout_ = timeout; }

  template <class Buffers>
  size_t read_some(const Buffers& buffers, beast::error_code& ec) {
    pollfd readable{socket_.native_handle(), POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(read_timeout_.count())) == 0) {
      ec = asio::error::timed_out;
      return 0;
    }
    return socket_.read_some(buffers, ec);
  }
  template <class Buffers>
  size_t read_some(const Buffers& buffers) {
    beast::error_code ec;
    size_t bytes = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return bytes;
  }
  template <class Buffers>
  size_t write_some(const Buffers& buffers, beast::error_code& ec) {
    return socket_.write_some(buffers, ec);
  }
  template <class Buffers>
  size_t write_some(const Buffers& buffers) {
    return socket_.write_some(buffers);
  }

 private:
  tcp::socket socket_;
  milliseconds read_timeout_{5000};
};

using Response = http::response<http::string_body>;

class TestClient {
 public:
  explicit TestClient(uint16_t port) : stream_(io_) {
    stream_.socket().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                             connect_error_);
  }

  bool connected() const { return !connect_error_; }
  beast::flat_buffer& buffer() { return buffer_; }
  PatientSocket& stream() { return stream_; }

  void WriteRaw(const std::string& bytes) {
    beast::error_code ec;
    asio::write(stream_, asio::buffer(bytes), ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  std::optional<Response> Receive() {
    Response response;
    beast::error_code ec;
    http::read(stream_, buffer_, response, ec);
    EXPECT_FALSE(ec) << ec.message();
    if (ec) return std::nullopt;
    return response;
  }

  std::optional<Response> Request(http::verb method, const std::string& target,
                                  const std::string& body = "", bool keep_alive = true) {
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "test");
    request.set("x-custom", "value");
    request.keep_alive(keep_alive);
    request.body() = body;
    request.prepare_payload();
    beast::error_code ec;
    http::write(stream_, request, ec);
    EXPECT_FALSE(ec) << ec.message();
    if (ec) return std::nullopt;
    return Receive();
  }

  // Reads until the server closes the connection; false if it is still open after `wait`.
  // `received` gets whatever arrived before the close.
  bool WaitForClose(milliseconds wait, std::string* received = nullptr) {
    stream_.set_read_timeout(wait);
    char chunk[4096];
    for (;;) {
      beast::error_code ec;
      size_t bytes = stream_.read_some(asio::buffer(chunk), ec);
      if (received != nullptr) received->append(chunk, bytes);
      if (ec == asio::error::timed_out) return false;
      if (ec) return true;  // eof or reset
    }
  }

 private:
  asio::io_context io_;
  PatientSocket stream_;
  beast::flat_buffer buffer_;
  beast::error_code connect_error_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  static HttpServerOptions TestOptions() {
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.max_body_bytes = 1024;
    options.request_timeout = std::chrono::seconds(1);
    options.max_connections = 8;
    options.drain_timeout = std::chrono::seconds(3);
    options.linger_timeout = milliseconds(200);
    return options;
  }

  void StartServer(const HttpServerOptions& options) {
    server_ = std::make_unique<HttpServer>(options, handler_);
    Status listening = server_->Listen();
    ASSERT_TRUE(listening.ok()) << listening.error().message;
    port_ = server_->bound_endpoint().port;
    run_finished_ = std::async(std::launch::async, [this] { server_->Run(); });
  }

  // Stops the server and checks that Run() returns within `limit`.
  void StopServer(milliseconds limit = milliseconds(4000)) {
    if (!server_) return;
    server_->Stop();
    ASSERT_EQ(run_finished_.wait_for(limit), std::future_status::ready) << "Run() did not return";
    server_.reset();
  }

  void TearDown() override { StopServer(); }

  FakeHandler handler_;
  std::unique_ptr<HttpServer> server_;
  std::future<void> run_finished_;
  uint16_t port_ = 0;
};

TEST_F(HttpServerTest, ReportsTheBoundEndpointForPortZero) {
  StartServer(TestOptions());
  EXPECT_NE(port_, 0);
  EXPECT_EQ(server_->bound_endpoint().address, "127.0.0.1");
  EXPECT_EQ(server_->bound_endpoint().ToString(), "127.0.0.1:" + std::to_string(port_));
}

TEST_F(HttpServerTest, BoundEndpointFormatsIpv6InBrackets) {
  EXPECT_EQ((BoundEndpoint{"::1", 4576}).ToString(), "[::1]:4576");
}

TEST_F(HttpServerTest, ListenFailsWhenThePortIsTaken) {
  StartServer(TestOptions());
  HttpServerOptions options = TestOptions();
  options.port = port_;
  HttpServer second(options, handler_);
  Status listening = second.Listen();
  ASSERT_FALSE(listening.ok());
  EXPECT_NE(listening.error().message.find("cannot listen on 127.0.0.1:" + std::to_string(port_)),
            std::string::npos);
}

TEST_F(HttpServerTest, ListenFailsForAnUnresolvableHost) {
  HttpServerOptions options = TestOptions();
  options.host = "no-such-host.invalid";
  HttpServer server(options, handler_);
  EXPECT_FALSE(server.Listen().ok());
}

TEST_F(HttpServerTest, KeepAliveConnectionServesThreeRequests) {
  StartServer(TestOptions());
  TestClient client(port_);
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 3; ++i) {
    std::string body = "{\"n\":" + std::to_string(i) + "}";
    std::optional<Response> response = client.Request(http::verb::post, "/v1/x?y=%2F", body);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_EQ(response->body(), "POST /v1/x?y=%2F " + body);
    EXPECT_EQ((*response)["x-test"], "fake");
    EXPECT_EQ((*response)[http::field::content_length], std::to_string(response->body().size()));
    EXPECT_TRUE(response->keep_alive());
  }
  std::vector<HttpRequest> seen = handler_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/v1/x?y=%2F");
  EXPECT_EQ(seen[0].Header("X-Custom"), "value");
  EXPECT_EQ(seen[0].Header("host"), "test");
  EXPECT_EQ(seen[0].body, "{\"n\":0}");
  EXPECT_EQ(seen[0].remote_address, "127.0.0.1");
}

TEST_F(HttpServerTest, ClosesWhenTheClientAsksTo) {
  StartServer(TestOptions());
  TestClient client(port_);
  std::optional<Response> response =
      client.Request(http::verb::get, "/once", "", /*keep_alive=*/false);
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForClose(milliseconds(2000)));
}

TEST_F(HttpServerTest, HeadResponseHasNoBody) {
  StartServer(TestOptions());
  TestClient client(port_);
  http::request<http::string_body> request(http::verb::head, "/head", 11);
  request.set(http::field::host, "test");
  http::write(client.stream(), request);
  http::response_parser<http::string_body> parser;
  parser.skip(true);  // a HEAD response has no body whatever its Content-Length says
  beast::error_code ec;
  http::read(client.stream(), client.buffer(), parser, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(parser.get()[http::field::content_length], "0");
  // The connection stays usable: no stray body bytes precede the next response.
  std::optional<Response> next = client.Request(http::verb::get, "/next");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), "GET /next ");
}

TEST_F(HttpServerTest, BodyOverTheLimitGetsTooLargeBeforeItIsSent) {
  StartServer(TestOptions());
  TestClient client(port_);
  // Announces 1 MiB but sends only 100 bytes: the answer must not wait for the rest.
  client.WriteRaw("POST /big HTTP/1.1\r\nHost: test\r\nContent-Length: 1048576\r\n\r\n" +
                  std::string(100, 'x'));
  std::optional<Response> response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_EQ(response->body(), kTooLargeBody);
  EXPECT_EQ((*response)["x-amzn-ErrorType"], "RequestEntityTooLargeException");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForClose(milliseconds(2000)));
  EXPECT_TRUE(handler_.requests().empty());
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitGetsTooLarge) {
  StartServer(TestOptions());
  TestClient client(port_);
  client.WriteRaw("POST /big HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
                  std::string(2048, 'x') + "\r\n");
  std::optional<Response> response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_TRUE(handler_.requests().empty());
}

TEST_F(HttpServerTest, BodyAtTheLimitIsServed) {
  StartServer(TestOptions());
  TestClient client(port_);
  std::optional<Response> response =
      client.Request(http::verb::put, "/max", std::string(1024, 'b'));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
}

TEST_F(HttpServerTest, MalformedRequestGetsSerializationException) {
  StartServer(TestOptions());
  TestClient client(port_);
  client.WriteRaw("THIS IS NOT HTTP\r\n\r\n");
  std::optional<Response> response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 400);
  EXPECT_EQ((*response)["x-amzn-ErrorType"], "SerializationException");
  EXPECT_FALSE((*response)["x-amzn-RequestId"].empty());
  EXPECT_EQ(response->body(),
            R"({"__type":"SerializationException","message":"Malformed HTTP request"})");
  EXPECT_TRUE(client.WaitForClose(milliseconds(2000)));
}

TEST_F(HttpServerTest, AnswersExpectContinueBeforeTheBody) {
  StartServer(TestOptions());
  TestClient client(port_);
  client.WriteRaw(
      "POST /continue HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  http::response<http::empty_body> interim;
  beast::error_code ec;
  http::read(client.stream(), client.buffer(), interim, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(interim.result_int(), 100);
  client.WriteRaw("hello");
  std::optional<Response> response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "POST /continue hello");
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitGet503WhileOthersAreServed) {
  HttpServerOptions options = TestOptions();
  options.max_connections = 2;
  options.request_timeout = std::chrono::seconds(10);
  StartServer(options);
  TestClient first(port_);
  TestClient second(port_);
  // A served request proves the server has registered the connection.
  ASSERT_TRUE(first.Request(http::verb::get, "/first"));
  ASSERT_TRUE(second.Request(http::verb::get, "/second"));

  TestClient third(port_);
  ASSERT_TRUE(third.connected());
  std::optional<Response> refused = third.Request(http::verb::get, "/third");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 503);
  EXPECT_EQ(refused->body(), R"({"__type":"ServiceUnavailable","message":"Too many connections"})");
  EXPECT_EQ((*refused)[http::field::connection], "close");
  EXPECT_TRUE(third.WaitForClose(milliseconds(2000)));

  std::optional<Response> still_served = first.Request(http::verb::get, "/again");
  ASSERT_TRUE(still_served);
  EXPECT_EQ(still_served->result_int(), 200);

  // Once a connection closes, a new one is served again.
  second.stream().socket().close();
  bool served_again = false;
  for (auto deadline = steady_clock::now() + std::chrono::seconds(3);
       !served_again && steady_clock::now() < deadline;) {
    TestClient next(port_);
    std::optional<Response> response = next.Request(http::verb::get, "/next");
    served_again = response && response->result_int() == 200;
    if (!served_again) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(served_again);
}

TEST_F(HttpServerTest, StalledClientIsClosedAfterTheTimeoutWhileOthersAreServed) {
  StartServer(TestOptions());  // request_timeout 1 s
  TestClient stalled(port_);
  auto start = steady_clock::now();
  stalled.WriteRaw("GET /stalled HTTP/1.1\r\nHost: te");

  TestClient other(port_);
  for (int i = 0; i < 3; ++i) {
    std::optional<Response> response = other.Request(http::verb::get, "/other");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
  }
  EXPECT_LT(steady_clock::now() - start, milliseconds(900));

  std::string received;
  EXPECT_TRUE(stalled.WaitForClose(milliseconds(3000), &received));
  auto elapsed = steady_clock::now() - start;
  EXPECT_GE(elapsed, milliseconds(900));
  EXPECT_LT(elapsed, milliseconds(2500));
  EXPECT_EQ(received, "");  // a timeout closes without an answer
}

TEST_F(HttpServerTest, StopLetsAnInFlightRequestFinishAndClosesIdleConnections) {
  HttpServerOptions options = TestOptions();
  options.request_timeout = std::chrono::seconds(30);  // idle connections close because of Stop
  StartServer(options);
  TestClient idle(port_);
  ASSERT_TRUE(idle.Request(http::verb::get, "/warmup"));

  TestClient slow(port_);
  http::request<http::string_body> request(http::verb::get, "/slow", 11);
  request.set(http::field::host, "test");
  http::write(slow.stream(), request);
  ASSERT_TRUE(handler_.WaitForSlowRequest());

  auto stop_start = steady_clock::now();
  server_->Stop();
  std::optional<Response> response = slow.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(response->body(), "GET /slow ");
  EXPECT_FALSE(response->keep_alive());  // the last response says the connection closes

  EXPECT_TRUE(idle.WaitForClose(milliseconds(2000)));
  EXPECT_EQ(run_finished_.wait_for(std::chrono::seconds(3)), std::future_status::ready);
  EXPECT_LT(steady_clock::now() - stop_start, std::chrono::seconds(2));

  TestClient late(port_);
  EXPECT_FALSE(late.connected());  // no longer accepting
}

TEST_F(HttpServerTest, StopBeforeRunReturnsPromptly) {
  HttpServer server(TestOptions(), handler_);
  ASSERT_TRUE(server.Listen().ok());
  server.Stop();
  auto finished = std::async(std::launch::async, [&server] { server.Run(); });
  EXPECT_EQ(finished.wait_for(std::chrono::seconds(2)), std::future_status::ready);
}

// Holds every request until `expected` have arrived, then answers them all from a thread of
// its own inside one CompletionBatch (as a reader answers a batch of reads).
class BatchingHandler : public RequestHandler {
 public:
  explicit BatchingHandler(size_t expected) : expected_(expected) {}
  ~BatchingHandler() override {
    if (answerer_.joinable()) answerer_.join();
  }

  void Handle(HttpRequest request, Responder respond) override {
    std::lock_guard<std::mutex> lock(mu_);
    held_.emplace_back(request.target, std::move(respond));
    if (held_.size() != expected_) return;
    answerer_ = std::thread([held = std::move(held_)]() mutable {
      exec::CompletionBatch batch;
      for (auto& [target, respond] : held) {
        HttpResponse response;
        response.body = "answer to " + target;
        respond(std::move(response));
      }
    });
  }
  HttpResponse TooLarge() override { return HttpResponse(); }

 private:
  const size_t expected_;
  std::mutex mu_;
  std::vector<std::pair<std::string, Responder>> held_;
  std::thread answerer_;
};

TEST(HttpServerBatchTest, AnswersHandedOverTogetherReachTheirOwnConnections) {
  BatchingHandler handler(3);
  HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  HttpServer server(options, handler);
  ASSERT_TRUE(server.Listen().ok());
  std::future<void> run = std::async(std::launch::async, [&] { server.Run(); });
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<TestClient>(server.bound_endpoint().port));
    ASSERT_TRUE(clients.back()->connected());
    http::request<http::string_body> request(http::verb::get, "/c" + std::to_string(i), 11);
    request.set(http::field::host, "test");
    http::write(clients.back()->stream(), request);
  }
  for (int i = 0; i < 3; ++i) {
    std::optional<Response> response = clients[i]->Receive();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body(), "answer to /c" + std::to_string(i));
  }
  server.Stop();
  EXPECT_EQ(run.wait_for(std::chrono::seconds(4)), std::future_status::ready);
}

}  // namespace
}  // namespace socialite::net
