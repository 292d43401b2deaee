// Streamed responses (ResponseStream) through a real HttpServer: the head without a length,
// what the stream gives as it comes, keep-alives past the request timeout, and the ends —
// the client going, a client that stops reading, HEAD, the stream ending, and the server
// stopping (promptly, whatever the streams do).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/net/http_server.h"

namespace socialite::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A stream the test feeds by hand.
class FakeStream : public ResponseStream {
 public:
  explicit FakeStream(milliseconds keep_alive) : keep_alive_(keep_alive) {}

  void Start(std::function<void()> wake) override {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = std::move(wake);
    started_ = true;
  }
  bool Pull(std::string& out, size_t max_bytes) override {
    std::lock_guard<std::mutex> lock(mu_);
    size_t take = std::min(max_bytes, pending_.size());
    out += pending_.substr(0, take);
    pending_.erase(0, take);
    return !(ended_ && pending_.empty());
  }
  std::string KeepAlive() const override { return ": ka\n\n"; }
  milliseconds keep_alive_interval() const override { return keep_alive_; }
  void Close() override {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++closes_;
      // As a real stream does: the wake names the connection's strand, which must not
      // outlive the server's io_context.
      wake = std::move(wake_);
      wake_ = nullptr;
    }
    closed_cv_.notify_all();
  }

  void Push(const std::string& bytes, bool end = false) {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_ += bytes;
      ended_ = ended_ || end;
      wake = wake_;
    }
    if (wake) wake();
  }
  bool WaitClosed(milliseconds limit) {
    std::unique_lock<std::mutex> lock(mu_);
    return closed_cv_.wait_for(lock, limit, [&] { return closes_ > 0; });
  }
  int closes() {
    std::lock_guard<std::mutex> lock(mu_);
    return closes_;
  }
  bool started() {
    std::lock_guard<std::mutex> lock(mu_);
    return started_;
  }
  size_t pending() {
    std::lock_guard<std::mutex> lock(mu_);
    return pending_.size();
  }

 private:
  const milliseconds keep_alive_;
  std::mutex mu_;
  std::condition_variable closed_cv_;
  std::function<void()> wake_;
  std::string pending_;
  bool started_ = false;
  bool ended_ = false;
  int closes_ = 0;
};

// GET /stream answers with a new FakeStream (kept for the test); anything else with "plain".
class StreamingHandler : public RequestHandler {
 public:
  milliseconds keep_alive{10000};

  void Handle(HttpRequest request, Responder respond) override {
    HttpResponse response;
    if (request.target == "/stream") {
      auto stream = std::make_shared<FakeStream>(keep_alive);
      {
        std::lock_guard<std::mutex> lock(mu_);
        streams_.push_back(stream);
      }
      cv_.notify_all();
      response.SetHeader("Content-Type", "text/event-stream");
      response.SetHeader("Content-Length", "999");  // framing is the network layer's
      response.body = "first\n";
      response.stream = stream;
    } else {
      response.body = "plain";
    }
    respond(std::move(response));
  }
  HttpResponse TooLarge() override { return HttpResponse{413, {}, "", nullptr}; }

  std::shared_ptr<FakeStream> WaitForStream(size_t index) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(5), [&] { return streams_.size() > index; });
    return streams_.size() > index ? streams_[index] : nullptr;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<FakeStream>> streams_;
};

// A blocking client socket with reads that give up after a while.
class Client {
 public:
  explicit Client(uint16_t port, int receive_buffer = 0) : socket_(io_) {
    socket_.open(tcp::v4());
    if (receive_buffer > 0)
      socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void Send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  // Reads until `text` has arrived (true), the peer closed, or `limit` passed.
  bool ReadUntil(const std::string& text, milliseconds limit) {
    auto deadline = steady_clock::now() + limit;
    while (received_.find(text) == std::string::npos) {
      if (!ReadSome(deadline)) return false;
    }
    return true;
  }
  // True once the server closed the connection within `limit` (what came first is kept).
  bool WaitForClose(milliseconds limit) {
    auto deadline = steady_clock::now() + limit;
    while (ReadSome(deadline)) {
    }
    return closed_;
  }
  void Close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }
  const std::string& received() const { return received_; }
  size_t Count(const std::string& text) const {
    size_t count = 0;
    for (size_t at = received_.find(text); at != std::string::npos;
         at = received_.find(text, at + 1)) {
      ++count;
    }
    return count;
  }

 private:
  bool ReadSome(steady_clock::time_point deadline) {
    if (closed_) return false;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd readable{socket_.native_handle(), POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[4096];
    boost::system::error_code ec;
    size_t bytes = socket_.read_some(asio::buffer(chunk), ec);
    received_.append(chunk, bytes);
    if (ec) closed_ = true;
    return !ec;
  }

  asio::io_context io_;
  tcp::socket socket_;
  std::string received_;
  bool closed_ = false;
};

class HttpStreamTest : public ::testing::Test {
 protected:
  void StartServer() {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.request_timeout = milliseconds(1000);
    options.drain_timeout = milliseconds(3000);
    options.linger_timeout = milliseconds(200);
    server_ = std::make_unique<HttpServer>(options, handler_);
    ASSERT_TRUE(server_->Listen().ok());
    port_ = server_->bound_endpoint().port;
    run_finished_ = std::async(std::launch::async, [this] { server_->Run(); });
  }
  void StopServer(milliseconds limit) {
    if (!server_) return;
    server_->Stop();
    ASSERT_EQ(run_finished_.wait_for(limit), std::future_status::ready) << "Run() did not return";
    server_.reset();
  }
  void TearDown() override { StopServer(milliseconds(5000)); }

  static constexpr char kGet[] = "GET /stream HTTP/1.1\r\nHost: t\r\n\r\n";

  StreamingHandler handler_;
  std::unique_ptr<HttpServer> server_;
  std::future<void> run_finished_;
  uint16_t port_ = 0;
};

TEST_F(HttpStreamTest, WritesTheHeadWithoutALengthThenWhatTheStreamGivesAsItComes) {
  StartServer();
  Client client(port_);
  client.Send(kGet);
  ASSERT_TRUE(client.ReadUntil("first\n", milliseconds(2000)));
  const std::string& head = client.received();
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_NE(head.find("\r\n\r\nfirst\n"), std::string::npos);
  auto stream = handler_.WaitForStream(0);
  ASSERT_NE(stream, nullptr);
  for (int i = 0; i < 3; ++i) {
    auto pushed = steady_clock::now();
    std::string frame = "frame " + std::to_string(i) + "\n";
    stream->Push(frame);
    ASSERT_TRUE(client.ReadUntil(frame, milliseconds(2000)));
    EXPECT_LT(steady_clock::now() - pushed, milliseconds(500));
  }
  // A large push goes out whole, in pieces.
  std::string big(300 * 1024, 'x');
  stream->Push(big + "end\n");
  ASSERT_TRUE(client.ReadUntil("end\n", milliseconds(3000)));
  const std::string& all = client.received();
  size_t from = all.find("frame 2\n") + 8;
  EXPECT_EQ(all.substr(from, all.size() - from - 4), big);
  EXPECT_EQ(stream->closes(), 0);
}

TEST_F(HttpStreamTest, KeepAlivesFlowAndTheRequestTimeoutNeverCutsTheStream) {
  handler_.keep_alive = milliseconds(200);
  StartServer();
  Client client(port_);
  client.Send(kGet);
  // Twice the request timeout, with nothing but keep-alives.
  EXPECT_FALSE(client.WaitForClose(milliseconds(2200)));
  EXPECT_GE(client.Count(": ka\n\n"), 6u);
  auto stream = handler_.WaitForStream(0);
  stream->Push("still here\n");
  EXPECT_TRUE(client.ReadUntil("still here\n", milliseconds(1000)));
}

TEST_F(HttpStreamTest, TheClientGoingClosesTheStreamAtOnce) {
  StartServer();
  Client client(port_);
  client.Send(kGet);
  ASSERT_TRUE(client.ReadUntil("first\n", milliseconds(2000)));
  auto stream = handler_.WaitForStream(0);
  EXPECT_TRUE(stream->started());
  auto closed_at = steady_clock::now();
  client.Close();
  EXPECT_TRUE(stream->WaitClosed(milliseconds(1000)));
  EXPECT_LT(steady_clock::now() - closed_at, milliseconds(500));
  EXPECT_EQ(stream->closes(), 1);
}

TEST_F(HttpStreamTest, AClientThatStopsReadingIsDroppedAfterTheRequestTimeout) {
  StartServer();
  Client client(port_, /*receive_buffer=*/4096);
  client.Send(kGet);
  auto stream = handler_.WaitForStream(0);
  ASSERT_NE(stream, nullptr);
  // Far more than the socket buffers hold; the client reads none of it.
  std::string chunk(256 * 1024, 'y');
  for (int i = 0; i < 64 && stream->closes() == 0; ++i) {
    if (stream->pending() < chunk.size()) stream->Push(chunk);
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(stream->WaitClosed(milliseconds(4000)));
}

TEST_F(HttpStreamTest, HeadGetsTheHeadAloneAndTheStreamIsLetGo) {
  StartServer();
  Client client(port_);
  client.Send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_TRUE(client.WaitForClose(milliseconds(2000)));
  EXPECT_EQ(client.received().rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(client.received().find("\r\n\r\n"), std::string::npos);
  EXPECT_EQ(client.received().find("first"), std::string::npos);
  auto stream = handler_.WaitForStream(0);
  EXPECT_FALSE(stream->started());
  EXPECT_TRUE(stream->WaitClosed(milliseconds(1000)));
}

TEST_F(HttpStreamTest, Http10GetsTheStreamToo) {
  StartServer();
  Client client(port_);
  client.Send("GET /stream HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(client.ReadUntil("first\n", milliseconds(2000)));
  EXPECT_EQ(client.received().rfind("HTTP/1.0 200 OK\r\n", 0), 0u);
  handler_.WaitForStream(0)->Push("more\n");
  EXPECT_TRUE(client.ReadUntil("more\n", milliseconds(1000)));
}

TEST_F(HttpStreamTest, AStreamThatEndsIsWrittenOutThenTheConnectionCloses) {
  StartServer();
  Client client(port_);
  client.Send(kGet);
  auto stream = handler_.WaitForStream(0);
  ASSERT_NE(stream, nullptr);
  stream->Push("last words\n", /*end=*/true);
  EXPECT_TRUE(client.WaitForClose(milliseconds(2000)));
  EXPECT_NE(client.received().find("last words\n"), std::string::npos);
  EXPECT_TRUE(stream->WaitClosed(milliseconds(1000)));
}

TEST_F(HttpStreamTest, ShutdownEndsEveryStreamPromptly) {
  StartServer();
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<Client>(port_));
    clients.back()->Send(kGet);
    ASSERT_TRUE(clients.back()->ReadUntil("first\n", milliseconds(2000)));
  }
  // A plain keep-alive connection alongside still closes as before.
  Client plain(port_);
  plain.Send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(plain.ReadUntil("plain", milliseconds(2000)));
  auto stopping = steady_clock::now();
  StopServer(milliseconds(1000));
  EXPECT_LT(steady_clock::now() - stopping, milliseconds(1000));
  for (size_t i = 0; i < clients.size(); ++i) {
    EXPECT_TRUE(clients[i]->WaitForClose(milliseconds(1000)));
    EXPECT_EQ(handler_.WaitForStream(i)->closes(), 1);
  }
}

}  // namespace
}  // namespace socialite::net
