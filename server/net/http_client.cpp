#include "server/net/http_client.h"

#include <openssl/ssl.h>
#include <strings.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/system_error.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <variant>

namespace socialite::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

// Media objects are the largest thing fetched; this bounds memory, not any real object.
constexpr std::uint64_t kMaxBodyBytes = 256ull * 1024 * 1024;
constexpr std::uint32_t kMaxHeaderBytes = 64 * 1024;

using Clock = std::chrono::steady_clock;
using Request = http::request<http::string_body>;
using Parser = http::response_parser<http::string_body>;

// Where and how to send: the pieces of the absolute URL the transport needs.
struct Destination {
  bool tls = false;
  std::string host;         // for the resolver and TLS (SNI, certificate name)
  std::string port;         // numeric, defaulted from the scheme
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
    destination.tls = true;
  } else if (!EqualsIgnoreCase(view.scheme(), "http")) {
    return "unsupported URL scheme in \"" + url + "\"";
  }
  if (!view.has_authority() || view.encoded_host().empty()) return "no host in \"" + url + "\"";
  if (view.has_userinfo()) return "credentials in URLs are not supported";

  destination.host = view.host_address();  // IPv6 literals without their brackets
  destination.port = view.has_port() ? std::string(view.port()) : destination.tls ? "443" : "80";
  destination.host_header = std::string(view.encoded_host());
  if (view.has_port()) destination.host_header += ":" + destination.port;
  destination.target = view.encoded_path().empty() ? "/" : std::string(view.encoded_path());
  if (view.has_query()) destination.target += "?" + std::string(view.encoded_query());
  return destination;
}

// The Beast request: caller headers as given, except the framing ones Beast computes.
std::variant<Request, std::string> BuildRequest(const Destination& destination,
                                                const HttpRequest& input) {
  if (input.method.empty() || HasLineBreak(input.method)) return "invalid method";
  Request request;
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

// Runs the exchange as a coroutine so that every socket operation is asynchronous: Beast's
// tcp_stream deadline only applies to asynchronous operations. `phase` names the step in
// progress for the error message.
asio::awaitable<void> Exchange(const Destination& destination, Request& request, Parser& parser,
                               ssl::context* tls, Clock::time_point deadline, std::string& phase) {
  auto executor = co_await asio::this_coro::executor;
  phase = "resolve " + destination.host;
  tcp::resolver resolver(executor);
  auto endpoints =
      co_await resolver.async_resolve(destination.host, destination.port, asio::use_awaitable);
  beast::flat_buffer buffer;

  if (tls == nullptr) {
    beast::tcp_stream stream(executor);
    stream.expires_at(deadline);
    phase = "connect " + destination.host + ":" + destination.port;
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    phase = "send request";
    co_await http::async_write(stream, request, asio::use_awaitable);
    phase = "read response";
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return;
  }

  beast::ssl_stream<beast::tcp_stream> stream(executor, *tls);
  // SNI, which most TLS front ends need to pick the certificate.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), destination.host.c_str())) {
    throw std::runtime_error("cannot set the TLS server name");
  }
  stream.set_verify_callback(ssl::host_name_verification(destination.host));
  beast::get_lowest_layer(stream).expires_at(deadline);
  phase = "connect " + destination.host + ":" + destination.port;
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
  phase = "TLS handshake with " + destination.host;
  co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
  phase = "send request";
  co_await http::async_write(stream, request, asio::use_awaitable);
  phase = "read response";
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  // No TLS close_notify exchange: the response is already complete and framed, and waiting
  // for a peer that never answers would only spend the rest of the deadline.
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

}  // namespace

ClientResult SendHttp(const std::string& url, const HttpRequest& request, int timeout_ms) {
  try {
    auto destination_or = ParseUrl(url);
    if (auto* error = std::get_if<std::string>(&destination_or)) return Failed(*error);
    const Destination& destination = std::get<Destination>(destination_or);
    auto request_or = BuildRequest(destination, request);
    if (auto* error = std::get_if<std::string>(&request_or)) return Failed(*error);
    Request& beast_request = std::get<Request>(request_or);

    std::optional<ssl::context> tls;
    if (destination.tls) {
      tls.emplace(ssl::context::tls_client);
      tls->set_default_verify_paths();
      tls->set_verify_mode(ssl::verify_peer);
    }

    Parser parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(kMaxHeaderBytes);
    if (beast_request.method() == http::verb::head) parser.skip(true);

    // Name resolution runs in Asio's resolver thread and is bounded by the system resolver's
    // own timeout; the deadline covers connect, handshake, write and read.
    Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string phase;
    std::exception_ptr failure;
    bool done = false;
    asio::io_context io_context;
    asio::co_spawn(
        io_context,
        Exchange(destination, beast_request, parser, tls ? &*tls : nullptr, deadline, phase),
        [&](std::exception_ptr error) {
          failure = error;
          done = true;
        });
    io_context.run();

    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const boost::system::system_error& error) {
        return Failed(phase + ": " + error.code().message());
      } catch (const std::exception& error) {
        return Failed(phase + ": " + error.what());
      }
    }
    if (!done) return Failed(phase + ": interrupted");
    ClientResult result;
    result.ok = true;
    result.response = ToHttpResponse(parser.release());
    return result;
  } catch (const std::exception& error) {
    return Failed(std::string("HTTP client: ") + error.what());
  } catch (...) {
    return Failed("HTTP client: unknown error");
  }
}

}  // namespace socialite::net
