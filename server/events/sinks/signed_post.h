// A SigV4-signed POST to an AWS-style endpoint, shared by the sinks that call AWS APIs
// (SNS Publish, EventBridge PutEvents).
#pragma once

#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "server/net/http_client.h"
#include "server/objectstore/aws_endpoint.h"
#include "server/objectstore/sigv4.h"

namespace socialite::events {

// POSTs `body` to `endpoint` (its base path + "/") with Host, Content-Type, X-Amz-Date and
// `extra_headers`, all signed with `key`, and the Authorization header they give.
net::ClientResult SendSignedPost(net::HttpClient& client, const objectstore::AwsEndpoint& endpoint,
                                 const std::string& content_type,
                                 std::vector<std::pair<std::string, std::string>> extra_headers,
                                 const objectstore::SigningKey& key, std::string body,
                                 int timeout_ms, std::stop_token stop);

}  // namespace socialite::events
