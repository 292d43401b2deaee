// ParsePresignedUrl: the bucket and key an S3 URL names, from its host and path alone.
#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/objectstore/object_names.h"
#include "server/objectstore/object_store.h"

namespace socialite::objectstore {
namespace {

constexpr std::string_view kAwsDomain = ".amazonaws.com";

std::string ToLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::vector<std::string> SplitLabels(std::string_view host) {
  std::vector<std::string> labels;
  size_t start = 0;
  while (true) {
    size_t dot = host.find('.', start);
    labels.emplace_back(host.substr(start, dot - start));
    if (dot == std::string_view::npos) return labels;
    start = dot + 1;
  }
}

// A region label such as "us-east-1" or "eu-central-2".
bool LooksLikeRegion(std::string_view label) {
  if (label.size() < 4 || label.find('-') == std::string_view::npos) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// How many trailing host labels (before "amazonaws.com") name the S3 endpoint:
// "s3" -> 1, "s3-REGION" -> 1, "s3" "REGION" -> 2; 0 when the host is not an S3 endpoint.
size_t S3EndpointLabels(const std::vector<std::string>& labels) {
  const std::string& last = labels.back();
  if (last == "s3") return 1;
  if (last.rfind("s3-", 0) == 0 && LooksLikeRegion(last.substr(3))) return 1;
  if (labels.size() >= 2 && labels[labels.size() - 2] == "s3" && LooksLikeRegion(last)) return 2;
  return 0;
}

}  // namespace

std::optional<BucketKey> ParsePresignedUrl(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  std::string scheme = ToLower(parsed->scheme());
  if (scheme != "https" && scheme != "http") return std::nullopt;
  if (parsed->has_userinfo() || parsed->host_type() != boost::urls::host_type::name) {
    return std::nullopt;
  }

  // Split "<bucket labels>.<s3 endpoint labels>.amazonaws.com".
  std::string host = ToLower(parsed->host());
  if (host.size() <= kAwsDomain.size() ||
      host.compare(host.size() - kAwsDomain.size(), kAwsDomain.size(), kAwsDomain) != 0) {
    return std::nullopt;
  }
  std::vector<std::string> labels = SplitLabels(host.substr(0, host.size() - kAwsDomain.size()));
  size_t endpoint_labels = S3EndpointLabels(labels);
  if (endpoint_labels == 0) return std::nullopt;
  labels.resize(labels.size() - endpoint_labels);

  // The path, percent-decoded: S3 keys may hold any character, "/" and "%2F" alike.
  std::string path = parsed->path();
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.erase(0, 1);

  BucketKey result;
  if (labels.empty()) {
    // Path-style: /BUCKET/KEY.
    size_t slash = path.find('/');
    if (slash == std::string::npos) return std::nullopt;
    result.bucket = path.substr(0, slash);
    result.key = path.substr(slash + 1);
  } else {
    // Virtual-hosted: the bucket (dots allowed) is the host prefix, the whole path the key.
    for (const std::string& label : labels) {
      if (!result.bucket.empty()) result.bucket += '.';
      result.bucket += label;
    }
    result.key = path;
  }
  if (!IsValidBucketName(result.bucket) || !IsValidObjectKey(result.key)) return std::nullopt;
  return result;
}

}  // namespace socialite::objectstore
