#include "server/objectstore/aws_endpoint.h"

#include <boost/url/parse.hpp>

namespace socialite::objectstore {

std::optional<AwsEndpoint> ParseAwsEndpoint(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) return std::nullopt;
  if (parsed->has_userinfo() || parsed->has_query() || parsed->has_fragment()) return std::nullopt;
  std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  AwsEndpoint out;
  out.host = std::string(parsed->encoded_host());
  if (parsed->has_port()) out.host += ":" + std::string(parsed->port());
  out.origin = scheme + "://" + out.host;
  out.base_path = std::string(parsed->encoded_path());
  while (!out.base_path.empty() && out.base_path.back() == '/') out.base_path.pop_back();
  return out;
}

}  // namespace socialite::objectstore
