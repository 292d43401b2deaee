// The directory backend: <root>/<bucket>/<key> holds the bytes, and
// <root>/.socialite-meta/<bucket>/<key> the content type when one was given. The metadata tree
// cannot collide with a bucket because no valid bucket name starts with '.'.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

#include "server/objectstore/object_names.h"
#include "server/objectstore/object_store.h"

namespace socialite::objectstore {
namespace {

namespace fs = std::filesystem;

constexpr char kMetaDirectory[] = ".socialite-meta";

ObjectFailure Failure(ObjectError code, std::string message) {
  return ObjectFailure{code, std::move(message)};
}

// Keys map onto relative paths, so everything a file system would reinterpret is refused:
// absolute paths, empty, "." and ".." segments, backslashes (a separator elsewhere) and NUL.
bool IsSafeRelativeKey(std::string_view key) {
  if (!IsValidObjectKey(key) || key.front() == '/') return false;
  if (key.find('\\') != std::string_view::npos) return false;
  size_t start = 0;
  while (true) {
    size_t slash = key.find('/', start);
    std::string_view segment = key.substr(start, slash - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// True when an existing component of `below` under `base`, or `base` itself, is a symbolic
// link: a link (to a bucket, a directory or a file) could lead out of --s3-dir, so none is
// followed. Components that do not exist yet are created by Put as real directories.
bool HasSymlink(const fs::path& base, const fs::path& below) {
  std::error_code ec;
  fs::path at = base;
  if (fs::symlink_status(at, ec).type() == fs::file_type::symlink) return true;
  for (const fs::path& part : below) {
    at /= part;
    fs::file_type type = fs::symlink_status(at, ec).type();
    if (type == fs::file_type::symlink) return true;
    if (type == fs::file_type::not_found || ec) return false;
  }
  return false;
}

// True when `path`, with symlinks resolved, lies strictly below `dir` (also resolved).
bool StaysInside(const fs::path& dir, const fs::path& path) {
  std::error_code ec;
  fs::path real_dir = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  fs::path real_path = fs::weakly_canonical(path, ec);
  if (ec) return false;
  fs::path relative = real_path.lexically_relative(real_dir);
  return !relative.empty() && relative != "." && *relative.begin() != "..";
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

// Writes `bytes` next to `path` under a temporary name, then renames it into place, so a
// reader (or a crash) never sees a half-written object.
std::optional<std::string> WriteAtomically(const fs::path& path, const std::string& bytes) {
  static std::atomic<uint64_t> counter{0};
  fs::path temp =
      path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                            "-" + std::to_string(counter.fetch_add(1)));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      return "cannot write " + temp.string();
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return "cannot store " + path.string() + ": " + ec.message();
  }
  return std::nullopt;
}

class DirectoryStore : public ObjectStore {
 public:
  explicit DirectoryStore(std::string root) : root_(std::move(root)) {}

  ObjectResult<StoredObject> Get(const std::string& bucket, const std::string& key) override {
    auto paths = Resolve(bucket, key);
    if (auto* failure = std::get_if<ObjectFailure>(&paths)) return *failure;
    const auto& [bucket_dir, data, meta] = std::get<Paths>(paths);

    std::shared_lock lock(mu_);
    std::error_code ec;
    if (!fs::is_directory(bucket_dir, ec)) return NoSuchBucket(bucket);
    if (!fs::is_regular_file(data, ec)) {
      return Failure(ObjectError::kNotFound, "no object " + bucket + "/" + key);
    }
    std::optional<std::string> bytes = ReadFile(data);
    if (!bytes) return Failure(ObjectError::kUnavailable, "cannot read " + data.string());
    StoredObject object{std::move(*bytes), ""};
    if (fs::is_regular_file(meta, ec)) object.content_type = ReadFile(meta).value_or("");
    return object;
  }

  ObjectResult<bool> Put(const std::string& bucket, const std::string& key,
                         const std::string& bytes, const std::string& content_type) override {
    auto paths = Resolve(bucket, key);
    if (auto* failure = std::get_if<ObjectFailure>(&paths)) return *failure;
    const auto& [bucket_dir, data, meta] = std::get<Paths>(paths);

    // Exclusive, so a reader never pairs new bytes with an old content type.
    std::unique_lock lock(mu_);
    std::error_code ec;
    // As S3 answers NoSuchBucket: a write never creates a bucket.
    if (!fs::is_directory(bucket_dir, ec)) return NoSuchBucket(bucket);
    fs::create_directories(data.parent_path(), ec);
    if (ec) {
      return Failure(ObjectError::kUnavailable,
                     "cannot create " + data.parent_path().string() + ": " + ec.message());
    }
    if (auto error = WriteAtomically(data, bytes)) {
      return Failure(ObjectError::kUnavailable, *error);
    }
    if (content_type.empty()) {
      fs::remove(meta, ec);  // a stale type from an earlier Put must not survive
      return true;
    }
    fs::create_directories(meta.parent_path(), ec);
    if (ec) {
      return Failure(ObjectError::kUnavailable,
                     "cannot create " + meta.parent_path().string() + ": " + ec.message());
    }
    if (auto error = WriteAtomically(meta, content_type)) {
      return Failure(ObjectError::kUnavailable, *error);
    }
    return true;
  }

  std::string Describe() const override { return "dir:" + root_.string(); }

 private:
  struct Paths {
    fs::path bucket;
    fs::path data;
    fs::path meta;
  };

  static ObjectFailure NoSuchBucket(const std::string& bucket) {
    return Failure(ObjectError::kNotFound, "NoSuchBucket: the bucket " + bucket +
                                               " does not exist (a directory of --s3-dir)");
  }

  // Validates the names and maps them to paths that provably stay in the bucket's trees.
  std::variant<Paths, ObjectFailure> Resolve(const std::string& bucket,
                                             const std::string& key) const {
    if (!IsValidBucketName(bucket)) {
      return Failure(ObjectError::kInvalidKey, "invalid bucket name \"" + bucket + "\"");
    }
    if (!IsSafeRelativeKey(key)) {
      return Failure(ObjectError::kInvalidKey, "invalid object key for bucket " + bucket);
    }
    fs::path bucket_dir = root_ / bucket;
    fs::path meta_dir = root_ / kMetaDirectory / bucket;
    Paths paths{bucket_dir, bucket_dir / key, meta_dir / key};
    if (HasSymlink(bucket_dir, key) || HasSymlink(root_ / kMetaDirectory, fs::path(bucket) / key)) {
      return Failure(ObjectError::kInvalidKey, "s3://" + bucket + "/" + key +
                                                   " passes through a symbolic link, which "
                                                   "Socialite does not follow");
    }
    // Belt and braces: the resolved paths must stay in the bucket's trees below the root.
    if (!StaysInside(root_, paths.data) || !StaysInside(bucket_dir, paths.data) ||
        !StaysInside(meta_dir, paths.meta)) {
      return Failure(ObjectError::kInvalidKey,
                     "object key " + key + " leads outside bucket " + bucket);
    }
    return paths;
  }

  const fs::path root_;
  mutable std::shared_mutex mu_;
};

}  // namespace

std::unique_ptr<ObjectStore> MakeDirectoryStore(const std::string& root) {
  return std::make_unique<DirectoryStore>(root);
}

}  // namespace socialite::objectstore
