// The benchmark's limit server: the cheapest HTTP/1.1 server we can write on the same stack as
// Socialite (Boost.Beast over one Asio io_context run by --threads threads, a strand per
// connection, keep-alive, TCP_NODELAY, a request timeout). It answers every request 200 with a
// {"status":"ok"}-sized JSON body and the header set Socialite answers with (Content-Type, a
// random x-amzn-RequestId UUID, Date, Content-Length). tests/bench/run.sh measures it with the
// same wrk settings as Socialite, alternating with it, so each Socialite scenario reads as a
// fraction of what Beast, Asio and the loopback TCP stack allow on this machine at that moment.
//
// usage: bare_server [--host 127.0.0.1] [--port 0] [--threads 2]
// Prints "bare_server listening on http://HOST:PORT" once it accepts; stops on SIGINT/SIGTERM.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Socialite's default --request-timeout: a connection idle this long is closed.
constexpr std::chrono::seconds kIdleTimeout{30};
constexpr std::string_view kBody = R"({"status":"ok"})";

// A version-4 UUID from a per-thread generator: Socialite pays for one random id per request,
// so the limit server does too.
std::string RandomUuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xffff),
                static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

// The IMF-fixdate of the current second, formatted once per second per thread (strftime per
// response would make the limit server slower than a real server needs to be).
const std::string& HttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    cached = text;
    cached_second = now;
  }
  return cached;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
  }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    request_ = {};
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, request_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return Close();
    response_ = {};
    response_.result(http::status::ok);
    response_.version(request_.version());
    response_.keep_alive(request_.keep_alive());
    response_.set(http::field::content_type, "application/json");
    response_.set("x-amzn-RequestId", RandomUuid());
    response_.set(http::field::date, HttpDate());
    response_.body().assign(kBody);
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    if (ec || !response_.keep_alive()) return Close();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, const tcp::endpoint& endpoint) : io_(io), acceptor_(io) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void Accept() {
    // Each connection gets its own strand, so its handlers never run on two threads at once.
    acceptor_.async_accept(asio::make_strand(io_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<Session>(std::move(socket))->Start();
    Accept();
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
};

int Usage(const char* message) {
  std::cerr << "bare_server: " << message
            << "\nusage: bare_server [--host 127.0.0.1] [--port 0] [--threads 2]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  unsigned long port = 0;
  int threads = 2;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") return Usage("a limit server for tests/bench/run.sh");
    if (i + 1 >= argc) return Usage(("missing value of " + flag).c_str());
    std::string value = argv[++i];
    try {
      if (flag == "--host") {
        host = value;
      } else if (flag == "--port") {
        port = std::stoul(value);
        if (port > 65535) return Usage("--port must be 0-65535");
      } else if (flag == "--threads") {
        threads = std::stoi(value);
        if (threads < 1) return Usage("--threads must be at least 1");
      } else {
        return Usage(("unknown flag " + flag).c_str());
      }
    } catch (const std::exception&) {
      return Usage(("bad value of " + flag).c_str());
    }
  }

  asio::io_context io(threads);
  std::shared_ptr<Listener> listener;
  try {
    tcp::endpoint endpoint(asio::ip::make_address(host), static_cast<unsigned short>(port));
    listener = std::make_shared<Listener>(io, endpoint);
  } catch (const std::exception& e) {
    std::cerr << "bare_server: cannot listen on " << host << ":" << port << ": " << e.what()
              << "\n";
    return 1;
  }
  listener->Accept();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](beast::error_code, int) { io.stop(); });

  tcp::endpoint bound = listener->local_endpoint();
  std::cout << "bare_server listening on http://" << bound.address().to_string() << ":"
            << bound.port() << " threads=" << threads << std::endl;

  std::vector<std::thread> extra;
  for (int i = 1; i < threads; ++i) extra.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& thread : extra) thread.join();
  return 0;
}
