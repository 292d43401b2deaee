#include "server/net/http_client.h"

#include <strings.h>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/system_error.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string_view>
#include <utility>
#include <variant>

#include "server/net/connection_pool.h"
#include "server/net/http_connection.h"

namespace socialite::net {
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Media objects are the largest thing fetched; this bounds memory, not any real object.
constexpr std::uint64_t kMaxBodyBytes = 256ull * 1024 * 1024;
constexpr std::uint32_t kMaxHeaderBytes = 64 * 1024;

// Where and how to send: the pieces of the absolute URL the transport needs.
struct Destination {
  Origin origin;            // port defaulted from the scheme
  std::string host_header;  // as written in the URL, with ":port" when one was given
  std::string target;       // origin-form, still percent-encoded
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

std::variant<Destination, std::string> ParseUrl(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "invalid URL \"" + url + "\": " + parsed.error().message();
  boost::urls::url_view view = *parsed;

  Destination destination;
  if (EqualsIgnoreCase(view.scheme(), "https")) {
    destination.origin.tls = true;
  } else if (!EqualsIgnoreCase(view.scheme(), "http")) {
    return "unsupported URL scheme in \"" + url + "\"";
  }
  if (!view.has_authority() || view.encoded_host().empty()) return "no host in \"" + url + "\"";
  if (view.has_userinfo()) return "credentials in URLs are not supported";

  Origin& origin = destination.origin;
  origin.host = view.host_address();  // IPv6 literals without their brackets
  origin.port = view.has_port() ? std::string(view.port()) : origin.tls ? "443" : "80";
  destination.host_header = std::string(view.encoded_host());
  if (view.has_port()) destination.host_header += ":" + origin.port;
  destination.target = view.encoded_path().empty() ? "/" : std::string(view.encoded_path());
  if (view.has_query()) destination.target += "?" + std::string(view.encoded_query());
  return destination;
}

// The Beast request: caller headers as given, except the framing ones Beast computes.
std::variant<BeastRequest, std::string> BuildRequest(const Destination& destination,
                                                     const HttpRequest& input) {
  if (input.method.empty() || HasLineBreak(input.method)) return "invalid method";
  BeastRequest request;
  request.version(11);
  http::verb verb = http::string_to_verb(input.method);
  if (verb == http::verb::unknown) {
    request.method_string(input.method);
  } else {
    request.method(verb);
  }
  request.target(destination.target);
  bool has_host = false;
  for (const auto& [name, value] : input.headers) {
    if (name.empty() || HasLineBreak(name) || HasLineBreak(value)) {
      return "invalid header \"" + name + "\"";
    }
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding")) {
      continue;
    }
    // A caller that signs the Host header (SigV4) may pass the exact value it signed.
    has_host = has_host || EqualsIgnoreCase(name, "Host");
    request.insert(name, value);
  }
  if (!has_host) request.set(http::field::host, destination.host_header);
  request.body() = input.body;
  request.prepare_payload();
  return request;
}

HttpResponse ToHttpResponse(http::response<http::string_body>&& message) {
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(message.body());
  return response;
}

ClientResult Failed(std::string error) {
  ClientResult result;
  result.error = std::move(error);
  return result;
}

// Carries a stop request to whichever connection a call is using at that moment.
class AbortLink {
 public:
  // Marks `connection` as the one in use; false when the call was aborted already.
  bool Attach(HttpConnection* connection) {
    std::lock_guard<std::mutex> lock(mu_);
    if (aborted_) return false;
    current_ = connection;
    return true;
  }
  // Before the connection in use is destroyed or given back: no abort can reach it after this.
  void Detach() {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = nullptr;
  }
  void Abort() {
    std::lock_guard<std::mutex> lock(mu_);
    aborted_ = true;
    if (current_ != nullptr) current_->Abort();
  }
  bool aborted() {
    std::lock_guard<std::mutex> lock(mu_);
    return aborted_;
  }

 private:
  std::mutex mu_;
  HttpConnection* current_ = nullptr;  // guarded by mu_
  bool aborted_ = false;               // guarded by mu_
};

// One exchange on a connection from `pool` when it has one, else on a new connection; the
// connection goes back to the pool when it can carry another exchange.
ClientResult Send(ConnectionPool& pool, const std::string& url, const HttpRequest& request,
                  int timeout_ms, std::stop_token stop) {
  // Declared in this order so that an aborted connection, whose coroutine may still refer to
  // the request, the parser and the phase, goes first, and only once no abort can reach it.
  std::string phase;
  std::optional<BeastRequest> beast_request;
  std::optional<BeastParser> parser;
  std::unique_ptr<HttpConnection> connection;
  AbortLink link;
  std::stop_callback on_stop(stop, [&link] { link.Abort(); });
  try {
    auto destination_or = ParseUrl(url);
    if (auto* error = std::get_if<std::string>(&destination_or)) return Failed(*error);
    const Destination& destination = std::get<Destination>(destination_or);
    auto request_or = BuildRequest(destination, request);
    if (auto* error = std::get_if<std::string>(&request_or)) return Failed(*error);
    beast_request.emplace(std::move(std::get<BeastRequest>(request_or)));

    // Name resolution runs in Asio's resolver thread and is bounded by the system resolver's
    // own timeout; the deadline covers connect, handshake, write and read.
    HttpClock::time_point deadline = HttpClock::now() + std::chrono::milliseconds(timeout_ms);
    connection = pool.Take(destination.origin);
    bool reused = connection != nullptr;
    while (true) {
      if (!connection) connection = std::make_unique<HttpConnection>(destination.origin);
      if (!link.Attach(connection.get())) return Failed("aborted");
      if (!reused) connection->Connect(deadline, phase);
      parser.emplace();
      parser->body_limit(kMaxBodyBytes);
      parser->header_limit(kMaxHeaderBytes);
      if (beast_request->method() == http::verb::head) parser->skip(true);
      try {
        connection->Exchange(*beast_request, *parser, deadline, phase);
        break;
      } catch (const boost::system::system_error& error) {
        // A kept-alive connection the server closed in the meantime fails before any answer.
        bool closed_by_peer =
            reused && !parser->got_some() && error.code() != beast::error::timeout;
        if (!closed_by_peer) throw;
        reused = false;
        link.Detach();
        connection.reset();
      }
    }
    link.Detach();
    // An aborted connection may have been stopped in the middle of its io_context's work.
    bool reusable = connection->ReusableAfter(*beast_request, *parser) && !link.aborted();
    ClientResult result;
    result.ok = true;
    result.response = ToHttpResponse(parser->release());
    if (reusable) pool.Give(std::move(connection));
    return result;
  } catch (const boost::system::system_error& error) {
    return Failed(phase + ": " + error.code().message());
  } catch (const std::exception& error) {
    return Failed(phase.empty() ? std::string("HTTP client: ") + error.what()
                                : phase + ": " + error.what());
  } catch (...) {
    return Failed("HTTP client: unknown error");
  }
}

}  // namespace

ClientResult SendHttp(const std::string& url, const HttpRequest& request, int timeout_ms,
                      std::stop_token stop) {
  ConnectionPool no_reuse(PoolLimits{.max_idle_per_origin = 0});
  return Send(no_reuse, url, request, timeout_ms, std::move(stop));
}

HttpClient::HttpClient() : pool_(std::make_unique<ConnectionPool>()) {}
HttpClient::~HttpClient() = default;

ClientResult HttpClient::Send(const std::string& url, const HttpRequest& request, int timeout_ms,
                              std::stop_token stop) {
  return net::Send(*pool_, url, request, timeout_ms, std::move(stop));
}

size_t HttpClient::IdleConnections() { return pool_->IdleCount(); }

}  // namespace socialite::net
