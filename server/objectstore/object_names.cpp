#include "server/objectstore/object_names.h"

namespace socialite::objectstore {
namespace {

// S3 caps keys at 1024 bytes of UTF-8.
constexpr size_t kMaxKeyBytes = 1024;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool IsValidBucketName(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (!IsLowerAlnum(bucket.front()) || !IsLowerAlnum(bucket.back())) return false;
  for (char c : bucket) {
    if (!IsLowerAlnum(c) && c != '.' && c != '-') return false;
  }
  return bucket.find("..") == std::string_view::npos;
}

bool IsValidObjectKey(std::string_view key) {
  return !key.empty() && key.size() <= kMaxKeyBytes && key.find('\0') == std::string_view::npos;
}

}  // namespace socialite::objectstore
