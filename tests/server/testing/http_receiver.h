// HttpReceiver: a real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests of code that
// sends requests (webhooks, SNS, ...). One thread, one request per connection; every request is
// recorded as a plain HttpRequest and answered by a handler the test sets (200, empty body by
// default). Header-only. Methods are thread-safe; the handler runs on the receiver's thread.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/dispatch/http_message.h"

namespace socialite::testing {

class HttpReceiver {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpReceiver()
      : acceptor_(io_, boost::asio::ip::tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0)),
        port_(acceptor_.local_endpoint().port()) {
    thread_ = std::thread([this] { Serve(); });
  }

  ~HttpReceiver() {
    stopping_ = true;
    // The accept loop blocks; one last connection of our own lets it see `stopping_`.
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    boost::beast::error_code ignored;
    socket.connect({boost::asio::ip::address_v4::loopback(), port_}, ignored);
    thread_.join();
  }

  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  void SetHandler(Handler handler) {
    std::lock_guard<std::mutex> lock(mu_);
    handler_ = std::move(handler);
  }
  // Shorthand for a fixed answer.
  void Respond(int status, std::string body = "", std::string content_type = "") {
    SetHandler([=](const HttpRequest&) {
      HttpResponse response;
      response.status = status;
      response.body = body;
      if (!content_type.empty()) response.SetHeader("Content-Type", content_type);
      return response;
    });
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  // A loopback port with nothing listening (bound, then released), for "connection refused".
  static unsigned short ClosedPort() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(
        io, boost::asio::ip::tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
    return acceptor.local_endpoint().port();
  }

 private:
  void Serve() {
    namespace http = boost::beast::http;
    while (!stopping_) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> message;
      http::read(socket, buffer, message, ec);
      if (ec) continue;

      HttpRequest request;
      request.method = std::string(message.method_string());
      request.target = std::string(message.target());
      for (const auto& field : message) {
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      request.body = message.body();
      request.remote_address = socket.remote_endpoint(ec).address().to_string();

      Handler handler;
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(request);
        handler = handler_;
      }
      HttpResponse answer;
      if (handler) answer = handler(request);

      http::response<http::string_body> response(static_cast<http::status>(answer.status), 11);
      for (const auto& [name, value] : answer.headers) response.set(name, value);
      response.body() = answer.body;
      response.prepare_payload();
      http::write(socket, response, ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const unsigned short port_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  mutable std::mutex mu_;
  Handler handler_;                    // guarded by mu_
  std::vector<HttpRequest> requests_;  // guarded by mu_
};

}  // namespace socialite::testing
