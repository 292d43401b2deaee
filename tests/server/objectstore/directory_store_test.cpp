#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "server/objectstore/object_store.h"

namespace socialite::objectstore {
namespace {

namespace fs = std::filesystem;

// A fresh directory tree per test: <base>/root is the store, <base>/outside a place that
// traversal attempts aim at.
class DirectoryStoreTest : public ::testing::Test {
 protected:
  DirectoryStoreTest() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::temp_directory_path() /
            ("socialite-dirstore-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(base_);
    root_ = base_ / "root";
    outside_ = base_ / "outside";
    fs::create_directories(root_ / "media-bucket");  // buckets exist before use, as in S3
    fs::create_directories(outside_);
    WriteFile(outside_ / "secret", "top secret");
    store_ = MakeDirectoryStore(root_.string());
  }
  ~DirectoryStoreTest() override { fs::remove_all(base_); }

  static void WriteFile(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }

  static std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  ObjectError GetError(const std::string& bucket, const std::string& key) {
    auto result = store_->Get(bucket, key);
    EXPECT_TRUE(std::holds_alternative<ObjectFailure>(result)) << bucket << "/" << key;
    return std::holds_alternative<ObjectFailure>(result) ? std::get<ObjectFailure>(result).code
                                                         : ObjectError::kUnavailable;
  }

  ObjectError PutError(const std::string& bucket, const std::string& key) {
    auto result = store_->Put(bucket, key, "payload", "text/plain");
    EXPECT_TRUE(std::holds_alternative<ObjectFailure>(result)) << bucket << "/" << key;
    return std::holds_alternative<ObjectFailure>(result) ? std::get<ObjectFailure>(result).code
                                                         : ObjectError::kUnavailable;
  }

  fs::path base_;
  fs::path root_;
  fs::path outside_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(DirectoryStoreTest, RoundTrip) {
  std::string bytes("\x89PNG\r\n\x1a\n\0binary", 15);
  auto put = store_->Put("media-bucket", "photo.png", bytes, "image/png");
  ASSERT_TRUE(std::holds_alternative<bool>(put));

  auto got = store_->Get("media-bucket", "photo.png");
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
  EXPECT_EQ(std::get<StoredObject>(got).bytes, bytes);
  EXPECT_EQ(std::get<StoredObject>(got).content_type, "image/png");
  // The layout is part of the contract: a user can drop files into <root>/<bucket>/<key>.
  EXPECT_EQ(ReadFile(root_ / "media-bucket" / "photo.png"), bytes);
}

TEST_F(DirectoryStoreTest, NestedKeysCreateDirectories) {
  ASSERT_TRUE(std::holds_alternative<bool>(
      store_->Put("media-bucket", "a/b/c/voice note.ogg", "ogg", "audio/ogg")));
  EXPECT_TRUE(fs::is_regular_file(root_ / "media-bucket" / "a" / "b" / "c" / "voice note.ogg"));
  auto got = store_->Get("media-bucket", "a/b/c/voice note.ogg");
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
  EXPECT_EQ(std::get<StoredObject>(got).bytes, "ogg");
}

TEST_F(DirectoryStoreTest, FilePlacedByHandHasNoContentType) {
  fs::create_directories(root_ / "media-bucket" / "docs");
  WriteFile(root_ / "media-bucket" / "docs" / "menu.pdf", "%PDF");
  auto got = store_->Get("media-bucket", "docs/menu.pdf");
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
  EXPECT_EQ(std::get<StoredObject>(got).bytes, "%PDF");
  EXPECT_EQ(std::get<StoredObject>(got).content_type, "");
}

TEST_F(DirectoryStoreTest, OverwriteReplacesBytesAndContentType) {
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "k", "one", "text/a")));
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "k", "two", "")));
  auto got = store_->Get("media-bucket", "k");
  ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
  EXPECT_EQ(std::get<StoredObject>(got).bytes, "two");
  EXPECT_EQ(std::get<StoredObject>(got).content_type, "");  // the old type does not linger
}

TEST_F(DirectoryStoreTest, NoTemporaryFilesRemain) {
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "k", "v", "text/plain")));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root_ / "media-bucket")) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"k"});
}

TEST_F(DirectoryStoreTest, MissingObjectIsNotFound) {
  EXPECT_EQ(GetError("no-such-bucket", "nothing.jpg"), ObjectError::kNotFound);
  EXPECT_EQ(GetError("media-bucket", "nothing.jpg"), ObjectError::kNotFound);
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "dir/x", "v", "")));
  EXPECT_EQ(GetError("media-bucket", "nothing.jpg"), ObjectError::kNotFound);
  EXPECT_EQ(GetError("media-bucket", "dir"), ObjectError::kNotFound);  // a directory
}

// S3 allows both "a" and "a/b"; a directory cannot, so the second write is refused.
TEST_F(DirectoryStoreTest, KeyBelowAnExistingObject) {
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "a", "v", "")));
  EXPECT_EQ(GetError("media-bucket", "a/b"), ObjectError::kNotFound);
  EXPECT_EQ(PutError("media-bucket", "a/b"), ObjectError::kUnavailable);
}

TEST_F(DirectoryStoreTest, TraversalKeysAreRejected) {
  const std::vector<std::string> keys = {"../x",
                                         "a/../../x",
                                         "/etc/passwd",
                                         "a/./../..",
                                         "..",
                                         ".",
                                         "a/..",
                                         "./a",
                                         "a//b",
                                         "a/",
                                         "..\\outside",
                                         "a\\..\\..\\x",
                                         "",
                                         std::string("a\0b", 3),
                                         "../outside/secret"};
  for (const std::string& key : keys) {
    SCOPED_TRACE(key);
    EXPECT_EQ(GetError("media-bucket", key), ObjectError::kInvalidKey);
    EXPECT_EQ(PutError("media-bucket", key), ObjectError::kInvalidKey);
  }
  EXPECT_EQ(ReadFile(outside_ / "secret"), "top secret");
  EXPECT_FALSE(fs::exists(base_ / "x"));
  EXPECT_FALSE(fs::exists(root_ / "x"));
}

// Issue 9, defect 11: S3 answers NoSuchBucket; a write must not create the bucket.
TEST_F(DirectoryStoreTest, PutIntoAMissingBucketIsNotFoundAndCreatesNothing) {
  auto result = store_->Put("no-such-bucket", "out/photo.png", "v", "image/png");
  ASSERT_TRUE(std::holds_alternative<ObjectFailure>(result));
  EXPECT_EQ(std::get<ObjectFailure>(result).code, ObjectError::kNotFound);
  EXPECT_NE(std::get<ObjectFailure>(result).message.find("NoSuchBucket"), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "no-such-bucket"));
  EXPECT_FALSE(fs::exists(root_ / ".socialite-meta" / "no-such-bucket"));
}

// Issue 9, defect 11: a bucket that is a link to elsewhere must not expose or receive files.
TEST_F(DirectoryStoreTest, SymlinkedBucketIsRefused) {
  fs::create_directory_symlink(outside_, root_ / "linked-bucket");
  EXPECT_EQ(GetError("linked-bucket", "secret"), ObjectError::kInvalidKey);
  EXPECT_EQ(PutError("linked-bucket", "planted"), ObjectError::kInvalidKey);
  EXPECT_EQ(PutError("linked-bucket", "new-dir/planted"), ObjectError::kInvalidKey);
  EXPECT_FALSE(fs::exists(outside_ / "planted"));
  EXPECT_FALSE(fs::exists(outside_ / "new-dir"));
  EXPECT_EQ(ReadFile(outside_ / "secret"), "top secret");
}

TEST_F(DirectoryStoreTest, SymlinkedMetadataTreeIsRefused) {
  fs::create_directory_symlink(outside_, root_ / ".socialite-meta");
  EXPECT_EQ(PutError("media-bucket", "photo.png"), ObjectError::kInvalidKey);
  EXPECT_FALSE(fs::exists(outside_ / "media-bucket"));
  fs::remove(root_ / ".socialite-meta");
  fs::create_directories(root_ / ".socialite-meta");
  fs::create_directory_symlink(outside_, root_ / ".socialite-meta" / "media-bucket");
  EXPECT_EQ(PutError("media-bucket", "photo.png"), ObjectError::kInvalidKey);
  EXPECT_FALSE(fs::exists(outside_ / "photo.png"));
}

TEST_F(DirectoryStoreTest, ALinkedRootIsFollowed) {
  fs::create_directory_symlink(root_, base_ / "root-link");
  auto store = MakeDirectoryStore((base_ / "root-link").string());
  ASSERT_TRUE(std::holds_alternative<bool>(store->Put("media-bucket", "k", "v", "")));
  EXPECT_EQ(ReadFile(root_ / "media-bucket" / "k"), "v");
}

TEST_F(DirectoryStoreTest, SymlinkOutOfTheBucketIsRejected) {
  fs::create_directory_symlink(outside_, root_ / "media-bucket" / "escape");
  fs::create_symlink(outside_ / "secret", root_ / "media-bucket" / "secret-link");

  EXPECT_EQ(GetError("media-bucket", "escape/secret"), ObjectError::kInvalidKey);
  EXPECT_EQ(GetError("media-bucket", "secret-link"), ObjectError::kInvalidKey);
  EXPECT_EQ(PutError("media-bucket", "escape/planted"), ObjectError::kInvalidKey);
  EXPECT_EQ(PutError("media-bucket", "escape/new-dir/planted"), ObjectError::kInvalidKey);
  EXPECT_EQ(PutError("media-bucket", "secret-link"), ObjectError::kInvalidKey);
  EXPECT_FALSE(fs::exists(outside_ / "planted"));
  EXPECT_FALSE(fs::exists(outside_ / "new-dir"));
  EXPECT_EQ(ReadFile(outside_ / "secret"), "top secret");
}

TEST_F(DirectoryStoreTest, SymlinkToAnotherBucketIsRejected) {
  fs::create_directories(root_ / "other-bucket");
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("other-bucket", "private", "v", "")));
  fs::create_directories(root_ / "media-bucket");
  fs::create_directory_symlink(root_ / "other-bucket", root_ / "media-bucket" / "peek");
  EXPECT_EQ(GetError("media-bucket", "peek/private"), ObjectError::kInvalidKey);
}

// No link is followed, even one that stays in the bucket: what it points to may change.
TEST_F(DirectoryStoreTest, SymlinkInsideTheBucketIsRefused) {
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "real/a.txt", "v", "")));
  fs::create_directory_symlink(root_ / "media-bucket" / "real", root_ / "media-bucket" / "alias");
  EXPECT_EQ(GetError("media-bucket", "alias/a.txt"), ObjectError::kInvalidKey);
  EXPECT_EQ(PutError("media-bucket", "alias/b.txt"), ObjectError::kInvalidKey);
}

TEST_F(DirectoryStoreTest, InvalidBucketNamesAreRejected) {
  const std::vector<std::string> buckets = {"",
                                            "ab",
                                            std::string(64, 'a'),
                                            "Upper",
                                            "under_score",
                                            "-leading",
                                            "trailing-",
                                            ".hidden",
                                            "..",
                                            "a..b",
                                            "../root",
                                            "a/b",
                                            ".socialite-meta",
                                            std::string("ab\0c", 4)};
  for (const std::string& bucket : buckets) {
    SCOPED_TRACE(bucket);
    EXPECT_EQ(GetError(bucket, "key"), ObjectError::kInvalidKey);
    EXPECT_EQ(PutError(bucket, "key"), ObjectError::kInvalidKey);
  }
  for (const std::string& bucket :
       std::vector<std::string>{"abc", std::string(63, 'a'), "my.bucket-1"}) {
    SCOPED_TRACE(bucket);
    fs::create_directories(root_ / bucket);
    EXPECT_TRUE(std::holds_alternative<bool>(store_->Put(bucket, "key", "v", "")));
  }
}

TEST_F(DirectoryStoreTest, ConcurrentWritersAndReadersSeeWholeObjects) {
  const std::string small(1000, 'a');
  const std::string large(200000, 'b');
  ASSERT_TRUE(std::holds_alternative<bool>(store_->Put("media-bucket", "k", small, "text/a")));
  std::thread writer([&] {
    for (int i = 0; i < 50; ++i) {
      (void)store_->Put("media-bucket", "k", i % 2 ? small : large, i % 2 ? "text/a" : "text/b");
    }
  });
  for (int i = 0; i < 50; ++i) {
    auto got = store_->Get("media-bucket", "k");
    ASSERT_TRUE(std::holds_alternative<StoredObject>(got));
    const StoredObject& object = std::get<StoredObject>(got);
    if (object.bytes == small) {
      EXPECT_EQ(object.content_type, "text/a");
    } else {
      EXPECT_EQ(object.bytes, large);
      EXPECT_EQ(object.content_type, "text/b");
    }
  }
  writer.join();
}

TEST_F(DirectoryStoreTest, Describe) { EXPECT_EQ(store_->Describe(), "dir:" + root_.string()); }

}  // namespace
}  // namespace socialite::objectstore
