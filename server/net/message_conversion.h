// Conversions between Beast's HTTP messages and the plain HttpRequest / HttpResponse values
// the dispatcher works with, plus the few error responses the network layer writes on its own.
// Stateless functions; safe to call from any thread.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "server/dispatch/http_message.h"

namespace socialite::net {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Method upper-cased, target as sent (an absolute-form one in origin form), every header in
// order, body moved out.
HttpRequest ToHttpRequest(BeastRequest&& request, std::string remote_address);

// Status, headers and body of `response`, with Content-Length, Connection and Date (the real
// time) set here: framing headers the handler supplied are ignored. `version` is the
// request's (10 or 11). A status outside 100-599 becomes 500; a body on a 1xx/204/304
// response is dropped.
BeastResponse ToBeastResponse(HttpResponse&& response, unsigned version, bool keep_alive);

// The head of a streamed response (see ResponseStream) followed by its `body`: status and
// headers as ToBeastResponse sets them, but no Content-Length, and Connection: close (the end
// of the stream is the end of the connection). REQUIRES: `response.stream` is set.
std::string ToStreamHead(HttpResponse&& response, unsigned version);

// An AWS-shaped JSON error ({"__type":…,"message":…} with x-amzn-ErrorType and
// x-amzn-RequestId) for failures found before a request reaches the dispatcher.
// REQUIRES: `type` and `message` need no JSON escaping.
HttpResponse NetworkErrorResponse(int status, std::string_view type, std::string_view message);

// 400 SerializationException for a request that is not valid HTTP.
HttpResponse MalformedRequestResponse();
// 503 ServiceUnavailable for a connection over --max-connections.
HttpResponse TooManyConnectionsResponse();
// 500 InternalServiceException when the handler failed unexpectedly.
HttpResponse InternalErrorResponse();

}  // namespace socialite::net
