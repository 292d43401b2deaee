// A SigV4-signed POST to an AWS-style endpoint, shared by the sinks that call AWS APIs
// (SNS Publish, EventBridge PutEvents).
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "server/net/http_client.h"
#include "server/objectstore/sigv4.h"

namespace socialite::events {

// An endpoint URL split into what a signed request needs. A path in it is kept as a prefix
// (for a service behind a reverse proxy).
struct AwsEndpoint {
  std::string origin;  // scheme://host[:port], where the request goes
  std::string host;    // the Host header, signed
  std::string path;    // request target, e.g. "/"
};

// Null unless `url` is http(s) with a host, and without user info, a query or a fragment.
std::optional<AwsEndpoint> ParseAwsEndpoint(const std::string& url);

// POSTs `body` to `endpoint` with Host, Content-Type, X-Amz-Date and `extra_headers`, all
// signed with `key`, and the Authorization header they give.
net::ClientResult SendSignedPost(net::HttpClient& client, const AwsEndpoint& endpoint,
                                 const std::string& content_type,
                                 std::vector<std::pair<std::string, std::string>> extra_headers,
                                 const objectstore::SigningKey& key, std::string body,
                                 int timeout_ms, std::stop_token stop);

}  // namespace socialite::events
