// ObjectStore: where media bytes come from and go to (AWS S3's role). Two backends: a local
// directory (the embedded default) and any S3-compatible server over SigV4-signed HTTP.
// Implementations are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "server/core/result.h"

namespace socialite::objectstore {

struct StoredObject {
  std::string bytes;
  std::string content_type;  // as stored, may be empty
};

// Outcome codes are this layer's own; handlers decide which AWS error they become.
enum class ObjectError { kNotFound, kInvalidKey, kUnavailable };

struct ObjectFailure {
  ObjectError code;
  std::string message;
};

template <typename T>
using ObjectResult = std::variant<T, ObjectFailure>;

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  virtual ObjectResult<StoredObject> Get(const std::string& bucket, const std::string& key) = 0;
  virtual ObjectResult<bool> Put(const std::string& bucket, const std::string& key,
                                 const std::string& bytes, const std::string& content_type) = 0;
  // Human description for the startup banner, e.g. "dir:./s3-data".
  virtual std::string Describe() const = 0;
  // Aborts the transfers in flight and refuses new ones (shutdown: nobody waits on a hung
  // endpoint). The directory store finishes its file operations by itself.
  virtual void Abort() {}
};

// Bucket = an existing subdirectory of `root` (a missing one is kNotFound, for Put too, as S3
// answers NoSuchBucket), key = relative path. Keys that would leave the bucket directory (..,
// absolute paths, NUL) and paths through a symbolic link are kInvalidKey.
std::unique_ptr<ObjectStore> MakeDirectoryStore(const std::string& root);

struct S3Endpoint {
  std::string url;  // http(s)://host[:port], path-style requests
  std::string access_key;
  std::string secret_key;
  std::string region = "us-east-1";
};
std::unique_ptr<ObjectStore> MakeS3Store(const S3Endpoint& endpoint);

// A presigned URL "https://BUCKET.s3[.REGION].amazonaws.com/KEY?..." (or path-style
// "https://s3[.REGION].amazonaws.com/BUCKET/KEY?...") -> bucket and decoded key. Socialite never
// fetches such URLs from the internet; it resolves them to its own backend.
struct BucketKey {
  std::string bucket;
  std::string key;
};
std::optional<BucketKey> ParsePresignedUrl(const std::string& url);

}  // namespace socialite::objectstore
