#include "server/net/message_conversion.h"

#include <strings.h>

#include <algorithm>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <sstream>
#include <utility>

#include "server/core/id_generator.h"
#include "server/net/http_date.h"
#include "server/protocol/router.h"

namespace socialite::net {
namespace http = boost::beast::http;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// The network layer owns message framing; a handler's copy of these would contradict it.
bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
         EqualsIgnoreCase(name, "Connection");
}

// Guards against header injection: a CR or LF would end the header early.
bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool MustHaveEmptyBody(int status) { return status < 200 || status == 204 || status == 304; }

}  // namespace

HttpRequest ToHttpRequest(BeastRequest&& request, std::string remote_address) {
  HttpRequest result;
  std::string_view method = request.method_string();
  result.method.reserve(method.size());
  for (char c : method) {
    result.method += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // Proxies send absolute-form; everything past the network layer sees the origin form.
  result.target = protocol::OriginForm(request.target());
  for (const auto& field : request) {
    result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  result.body = std::move(request.body());
  result.remote_address = std::move(remote_address);
  return result;
}

namespace {

// Status and headers of `response` onto `result`, with Date; framing is the caller's.
template <class Message>
void CopyHead(const HttpResponse& response, unsigned version, Message& result) {
  int status = response.status;
  if (status < 100 || status > 599) status = 500;
  result.version(version);
  result.result(static_cast<unsigned>(status));
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || IsFramingHeader(name) || HasLineBreak(name) || HasLineBreak(value)) {
      continue;
    }
    result.insert(name, value);
  }
  result.set(http::field::date, CurrentHttpDate());
}

}  // namespace

std::string ToStreamHead(HttpResponse&& response, unsigned version) {
  http::response<http::empty_body> head;
  CopyHead(response, version, head);
  head.set(http::field::connection, "close");
  std::ostringstream text;
  text << head.base();
  return text.str() + response.body;
}

BeastResponse ToBeastResponse(HttpResponse&& response, unsigned version, bool keep_alive) {
  BeastResponse result;
  CopyHead(response, version, result);
  int status = static_cast<int>(result.result_int());
  if (!MustHaveEmptyBody(status)) result.body() = std::move(response.body);
  result.keep_alive(keep_alive);
  result.prepare_payload();
  return result;
}

HttpResponse NetworkErrorResponse(int status, std::string_view type, std::string_view message) {
  // One generator for the process: it is thread-safe and seeding it is not free.
  static RandomIdGenerator request_ids;
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/json");
  response.SetHeader("x-amzn-ErrorType", std::string(type));
  response.SetHeader("x-amzn-RequestId", request_ids.Uuid());
  response.body = "{\"__type\":\"";
  response.body.append(type);
  response.body += "\",\"message\":\"";
  response.body.append(message);
  response.body += "\"}";
  return response;
}

HttpResponse MalformedRequestResponse() {
  return NetworkErrorResponse(400, "SerializationException", "Malformed HTTP request");
}

HttpResponse TooManyConnectionsResponse() {
  return NetworkErrorResponse(503, "ServiceUnavailable", "Too many connections");
}

HttpResponse InternalErrorResponse() {
  return NetworkErrorResponse(500, "InternalServiceException", "Internal server error");
}

}  // namespace socialite::net
