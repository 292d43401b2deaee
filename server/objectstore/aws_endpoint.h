// An AWS-style endpoint URL (S3, SNS, EventBridge, or a stand-in for them) split into what a
// signed request needs.
#pragma once

#include <optional>
#include <string>

namespace socialite::objectstore {

struct AwsEndpoint {
  std::string origin;     // scheme://host[:port], where requests go
  std::string host;       // the Host header, signed
  std::string base_path;  // "" or "/prefix" (no trailing slash): for a service behind a proxy
};

// Null unless `url` is http(s) with a host, and without user info, a query or a fragment.
std::optional<AwsEndpoint> ParseAwsEndpoint(const std::string& url);

}  // namespace socialite::objectstore
