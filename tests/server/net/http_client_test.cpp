// net::HttpClient's kept-alive connections against a real keep-alive HTTP/1.1 server on
// 127.0.0.1: reuse, `Connection: close`, a connection the server dropped, timeouts, bounds,
// aborts through a stop token.
#include "server/net/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace socialite::net {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// How the server treats the requests on one connection (counted from 1).
struct ServerBehaviour {
  bool say_close = false;        // answer with `Connection: close` and close
  int drop_request_number = 0;   // close without answering this request of a connection
  int stall_request_number = 0;  // never answer this request of a connection
};

// A keep-alive server: one thread per connection, many requests per connection.
class KeepAliveServer {
 public:
  explicit KeepAliveServer(ServerBehaviour behaviour)
      : behaviour_(behaviour), acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { Accept(); });
  }

  ~KeepAliveServer() {
    stopping_ = true;
    boost::beast::error_code ignored;
    {
      // The accept loop blocks; one last connection of our own lets it see `stopping_`.
      asio::io_context io;
      tcp::socket socket(io);
      socket.connect({asio::ip::address_v4::loopback(), port_}, ignored);
      accept_thread_.join();
    }
    {
      // Unblocks connection threads stuck in a read.
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& socket : sockets_) socket->shutdown(tcp::socket::shutdown_both, ignored);
    }
    for (auto& thread : connection_threads_) thread.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void Accept() {
    while (!stopping_) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::beast::error_code ec;
      acceptor_.accept(*socket, ec);
      if (ec || stopping_) return;
      ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      sockets_.push_back(socket);
      connection_threads_.emplace_back([this, socket] { Serve(*socket); });
    }
  }

  void Serve(tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    for (int number = 1;; ++number) {
      http::request<http::string_body> request;
      boost::beast::error_code ec;
      http::read(socket, buffer, request, ec);
      if (ec) return;
      ++requests_;
      if (number == behaviour_.drop_request_number) {
        socket.shutdown(tcp::socket::shutdown_both, ec);
        return;
      }
      if (number == behaviour_.stall_request_number) {
        while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return;
      }
      http::response<http::string_body> response(http::status::ok, 11);
      response.body() = "ok " + std::to_string(number);
      response.keep_alive(!behaviour_.say_close);
      response.prepare_payload();
      http::write(socket, response, ec);
      if (ec || behaviour_.say_close) {
        socket.shutdown(tcp::socket::shutdown_both, ec);
        return;
      }
    }
  }

  const ServerBehaviour behaviour_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<std::shared_ptr<tcp::socket>> sockets_;  // guarded by mu_
  std::vector<std::thread> connection_threads_;        // guarded by mu_
};

HttpRequest Post(const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = body;
  return request;
}

TEST(HttpClientTest, ReusesOneConnectionForRequestsInTurn) {
  KeepAliveServer server({});
  HttpClient client;

  for (int i = 1; i <= 5; ++i) {
    ClientResult result = client.Send(server.url(), Post("{}"), 3000);
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(result.response.body, "ok " + std::to_string(i));
  }

  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(client.IdleConnections(), 1u);
}

TEST(HttpClientTest, ServerSayingCloseGetsANewConnectionEachTime) {
  KeepAliveServer server({.say_close = true});
  HttpClient client;

  for (int i = 0; i < 3; ++i) {
    ClientResult result = client.Send(server.url(), Post("{}"), 3000);
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(result.response.body, "ok 1");
  }

  EXPECT_EQ(server.connections(), 3);
  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, CallerAskingForCloseDoesNotKeepTheConnection) {
  KeepAliveServer server({});
  HttpClient client;
  HttpRequest request = Post("{}");
  request.headers.emplace_back("Connection", "close");

  ASSERT_TRUE(client.Send(server.url(), request, 3000).ok);

  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, ConnectionDroppedBeforeAnAnswerIsRetriedOnceOnANewOne) {
  KeepAliveServer server({.drop_request_number = 2});
  HttpClient client;

  ASSERT_TRUE(client.Send(server.url(), Post("{}"), 3000).ok);
  ClientResult second = client.Send(server.url(), Post("{}"), 3000);

  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.response.body, "ok 1");  // the first request of the new connection
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.requests(), 3);
}

TEST(HttpClientTest, NewConnectionDroppedBeforeAnAnswerIsNotRetried) {
  KeepAliveServer server({.drop_request_number = 1});
  HttpClient client;

  ClientResult result = client.Send(server.url(), Post("{}"), 3000);

  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("read response"), std::string::npos) << result.error;
  EXPECT_EQ(server.requests(), 1);
}

TEST(HttpClientTest, TimeoutAppliesOnAReusedConnectionWithoutARetry) {
  KeepAliveServer server({.stall_request_number = 2});
  HttpClient client;
  ASSERT_TRUE(client.Send(server.url(), Post("{}"), 3000).ok);

  auto started = std::chrono::steady_clock::now();
  ClientResult result = client.Send(server.url(), Post("{}"), 300);
  auto took = std::chrono::steady_clock::now() - started;

  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("read response"), std::string::npos) << result.error;
  EXPECT_LT(took, std::chrono::milliseconds(2000));
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, ConcurrentCallersKeepAtMostFourIdleConnections) {
  KeepAliveServer server({});
  HttpClient client;
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        if (!client.Send(server.url(), Post("{}"), 3000).ok) ++failures;
      }
    });
  }
  for (auto& caller : callers) caller.join();

  EXPECT_EQ(failures, 0);
  EXPECT_EQ(server.requests(), 40);
  EXPECT_LE(client.IdleConnections(), 4u);
  EXPECT_LT(server.connections(), 40);
}

TEST(HttpClientTest, StopAbortsARequestInFlightAtOnce) {
  KeepAliveServer server({.stall_request_number = 1});
  HttpClient client;
  std::stop_source stop;
  ClientResult result;
  std::thread caller(
      [&] { result = client.Send(server.url(), Post("{}"), 10000, stop.get_token()); });
  while (server.requests() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));

  auto started = std::chrono::steady_clock::now();
  stop.request_stop();
  caller.join();
  auto took = std::chrono::steady_clock::now() - started;

  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("aborted"), std::string::npos) << result.error;
  EXPECT_LT(took, std::chrono::milliseconds(500));
  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, StopRequestedBeforeTheCallAbortsItWithoutConnecting) {
  KeepAliveServer server({});
  HttpClient client;
  std::stop_source stop;
  stop.request_stop();

  ClientResult result = client.Send(server.url(), Post("{}"), 3000, stop.get_token());

  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("aborted"), std::string::npos) << result.error;
  EXPECT_EQ(server.connections(), 0);
}

TEST(HttpClientTest, AbortOfAReusedConnectionLeavesTheOthersWorking) {
  KeepAliveServer server({.stall_request_number = 2});
  HttpClient client;
  ASSERT_TRUE(client.Send(server.url(), Post("{}"), 3000).ok);
  std::stop_source stop;
  ClientResult aborted;
  std::thread caller(
      [&] { aborted = client.Send(server.url(), Post("{}"), 10000, stop.get_token()); });
  while (server.requests() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  stop.request_stop();
  caller.join();

  ClientResult next = client.Send(server.url(), Post("{}"), 3000);

  EXPECT_FALSE(aborted.ok);
  ASSERT_TRUE(next.ok) << next.error;
  EXPECT_EQ(next.response.body, "ok 1");  // on a new connection: the aborted one was closed
  EXPECT_EQ(server.connections(), 2);
}

TEST(HttpClientTest, SendHttpClosesItsConnection) {
  KeepAliveServer server({});

  ASSERT_TRUE(SendHttp(server.url(), Post("{}"), 3000).ok);
  ASSERT_TRUE(SendHttp(server.url(), Post("{}"), 3000).ok);

  EXPECT_EQ(server.connections(), 2);
}

}  // namespace
}  // namespace socialite::net
