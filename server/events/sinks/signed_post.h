// A SigV4-signed POST to an AWS-style endpoint, shared by the sinks that call AWS APIs
// (SNS Publish, EventBridge PutEvents).
#pragma once

#include <stop_token>
#include <string>

#include "server/net/http_client.h"
#include "server/objectstore/sigv4.h"

namespace socialite::events {

// Sends `body` to `url` with the headers of `signing` plus their Authorization header.
net::ClientResult SendSignedPost(net::HttpClient& client, const std::string& url,
                                 const objectstore::SigningRequest& signing,
                                 const objectstore::SigningKey& key, const std::string& amz_date,
                                 std::string body, int timeout_ms, std::stop_token stop);

}  // namespace socialite::events
