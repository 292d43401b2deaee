// Plain HTTP request/response values: what the network layer hands to the dispatcher and
// gets back. No sockets and no Beast types, so everything behind this seam is unit-testable.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace socialite {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // origin-form: path plus optional "?query", still percent-encoded
  HeaderList headers;
  std::string body;
  std::string remote_address;  // peer IP, for admin access checks and logs

  // Case-insensitive header lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  std::string_view Header(std::string_view name) const;
};

}  // namespace socialite
