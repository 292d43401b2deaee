// HttpConnection: one outgoing HTTP/1.1 connection (plain TCP or TLS) that can carry several
// request/response exchanges in turn (keep-alive). It owns its io_context, so the thread that
// holds it drives its I/O alone. Used by net::HttpClient; not thread-safe, except Abort().
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace socialite::net {

using HttpClock = std::chrono::steady_clock;
using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastParser = boost::beast::http::response_parser<boost::beast::http::string_body>;

// Where to connect: the part of a URL that identifies a connection.
struct Origin {
  bool tls = false;
  std::string host;  // for the resolver and TLS (SNI, certificate name)
  std::string port;  // numeric

  // "http://host:port" or "https://host:port": the pool key.
  std::string Key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

class HttpConnection {
 public:
  explicit HttpConnection(Origin origin);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Resolves, connects and (TLS) handshakes before `deadline`. Throws on failure (a
  // boost::system::system_error for I/O errors); `phase` names the step in progress.
  void Connect(HttpClock::time_point deadline, std::string& phase);

  // Writes `request` and reads one response into `parser`, before `deadline`. Throws like
  // Connect.
  void Exchange(BeastRequest& request, BeastParser& parser, HttpClock::time_point deadline,
                std::string& phase);

  // After an exchange: whether the connection may carry another one (both sides want
  // keep-alive, the response was framed without relying on EOF, nothing unread is left).
  bool ReusableAfter(const BeastRequest& request, const BeastParser& parser) const;

  // For an idle connection: false when the peer has closed it (or sent stray bytes).
  bool LooksOpen();

  // Makes the Connect or Exchange in progress, and every later one, throw at once: no byte is
  // sent or read after it returns. The connection is unusable afterwards. Any thread may call it.
  void Abort();

  const Origin& origin() const { return origin_; }

 private:
  // Runs `work` on io_ to completion and rethrows its failure; throws at once after Abort().
  void Run(boost::asio::awaitable<void> work);

  boost::asio::io_context io_;
  std::mutex abort_mu_;
  bool aborted_ = false;  // guarded by abort_mu_
  const Origin origin_;
  std::optional<boost::asio::ssl::context> tls_context_;
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure_;
  boost::beast::flat_buffer buffer_;  // bytes read past a response stay here
};

}  // namespace socialite::net
