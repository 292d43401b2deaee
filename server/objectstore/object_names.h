// Name rules shared by the object-store backends and the presigned-URL parser.
// Pure functions; safe from any thread.
#pragma once

#include <string_view>

namespace socialite::objectstore {

// S3's bucket naming rules: 3-63 characters of [a-z0-9.-], starting and ending with a letter
// or digit, with no ".." inside.
bool IsValidBucketName(std::string_view bucket);

// An object key any backend can carry: 1-1024 bytes, no NUL. Backends may refuse more.
bool IsValidObjectKey(std::string_view key);

}  // namespace socialite::objectstore
