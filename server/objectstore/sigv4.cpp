#include "server/objectstore/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <string_view>

#include "server/core/percent_encoding.h"
#include "server/core/sha256.h"

namespace socialite::objectstore {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kTerminator[] = "aws4_request";
constexpr char kHexDigits[] = "0123456789abcdef";

std::string ToHex(const unsigned char* data, size_t size) {
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex += kHexDigits[data[i] >> 4];
    hex += kHexDigits[data[i] & 0xF];
  }
  return hex;
}

// Raw (binary) HMAC-SHA256, because each step of the key derivation keys the next one.
std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Leading/trailing white space removed and inner runs folded to one space, as the SigV4
// "Trimall" step asks (a folded multi-line value signs the same as its one-line form).
std::string TrimAll(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Lower-cased name -> canonical value; std::map gives the sorted order SigV4 wants.
std::map<std::string, std::string> CanonicalHeaderMap(const SigningRequest& request) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    std::string key = ToLower(TrimAll(name));
    auto [it, inserted] = headers.emplace(key, TrimAll(value));
    if (!inserted) it->second += "," + TrimAll(value);
  }
  return headers;
}

std::string CanonicalQueryString(const SigningRequest& request) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(request.query.size());
  for (const auto& [name, value] : request.query) {
    encoded.emplace_back(UriEncode(name, true), UriEncode(value, true));
  }
  // Sorted on the encoded bytes, name first, then value for repeated names.
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string DateStamp(const std::string& amz_date) { return amz_date.substr(0, 8); }

std::string CredentialScope(const SigningKey& key, const std::string& amz_date) {
  return DateStamp(amz_date) + "/" + key.region + "/" + key.service + "/" + kTerminator;
}

}  // namespace

std::string HexSha256(const std::string& data) { return Sha256Hex(data); }

std::string UriEncode(const std::string& text, bool encode_slash) {
  return PercentEncode(text, encode_slash ? "-._~" : "-._~/");  // RFC 3986's unreserved
}

std::string SignedHeaders(const SigningRequest& request) {
  std::string out;
  for (const auto& [name, value] : CanonicalHeaderMap(request)) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string CanonicalRequest(const SigningRequest& request) {
  std::string out;
  out += request.method + "\n";
  out += (request.path.empty() ? std::string("/") : request.path) + "\n";
  out += CanonicalQueryString(request) + "\n";
  // Each header line ends in '\n', so a blank line separates them from the signed list.
  for (const auto& [name, value] : CanonicalHeaderMap(request)) {
    out += name + ":" + value + "\n";
  }
  out += "\n";
  out += SignedHeaders(request) + "\n";
  out += request.payload_sha256_hex;
  return out;
}

std::string StringToSign(const SigningRequest& request, const SigningKey& key,
                         const std::string& amz_date) {
  return std::string(kAlgorithm) + "\n" + amz_date + "\n" + CredentialScope(key, amz_date) + "\n" +
         HexSha256(CanonicalRequest(request));
}

std::string Signature(const SigningRequest& request, const SigningKey& key,
                      const std::string& amz_date) {
  // The key is narrowed step by step to the day, region and service of the scope.
  std::string signing_key = HmacSha256("AWS4" + key.secret_key, DateStamp(amz_date));
  signing_key = HmacSha256(signing_key, key.region);
  signing_key = HmacSha256(signing_key, key.service);
  signing_key = HmacSha256(signing_key, kTerminator);
  std::string signature = HmacSha256(signing_key, StringToSign(request, key, amz_date));
  return ToHex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

std::string AuthorizationHeader(const SigningRequest& request, const SigningKey& key,
                                const std::string& amz_date) {
  return std::string(kAlgorithm) + " Credential=" + key.access_key + "/" +
         CredentialScope(key, amz_date) + ", SignedHeaders=" + SignedHeaders(request) +
         ", Signature=" + Signature(request, key, amz_date);
}

std::string FormatAmzDate(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[17];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

}  // namespace socialite::objectstore
