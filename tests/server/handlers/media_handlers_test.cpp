// WhatsApp media through the dispatcher: upload from the directory object store (by S3File or
// presigned URL), type and size rules (stickers static vs animated), metadata, copies into S3,
// ownership by phone number, expiry after 30 days of clock time, delete.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "server/core/sha256.h"
#include "storage/media_store.h"
#include "storage/statement.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::kDayMillis;
using testing::kFixtureNumber2Id;
using testing::kFixtureNumberId;
using testing::kOtherPartitionAuth;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kUpload[] = "/v1/whatsapp/media";
constexpr char kGet[] = "/v1/whatsapp/media/get";
constexpr char kBucket[] = "media-bucket";
constexpr char kOutBucket[] = "out-bucket";
constexpr int64_t kKilobyte = 1024;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + "pixels";
const std::string kPdf = "%PDF-1.7\nfake document";

// A WebP of `size` bytes; `animated` sets the extended header's animation flag and adds an
// ANIM chunk.
std::string Webp(size_t size, bool animated) {
  std::string bytes("RIFF\0\0\0\0WEBP", 12);
  bytes += "VP8X";
  bytes += std::string(14, '\0');
  if (animated) {
    bytes[20] = '\x02';
    bytes += "ANIM";
  }
  bytes.resize(size, '\x01');
  return bytes;
}

void ExpectError(const Reply& reply, int status, const std::string& type,
                 const std::string& message) {
  EXPECT_EQ(reply.status(), status) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), type);
  EXPECT_EQ(reply.Message(), message);
}

void ExpectInvalidParameters(const Reply& reply, const std::string& message) {
  ExpectError(reply, 400, "InvalidParametersException", message);
}

Value S3File(const std::string& bucket, const std::string& key) {
  return Value::Object().Set("bucketName", bucket).Set("key", key);
}

Value Presigned(const std::string& url, Value headers = Value::Object()) {
  return Value::Object().Set("url", url).Set("headers", std::move(headers));
}

class MediaTest : public ::testing::Test {
 protected:
  MediaTest() : env_(TestEnvOptions{}) {
    env_.CreateBucket(kBucket);
    env_.CreateBucket(kOutBucket);
  }

  // An upload from the fixture number with the source members of `body`.
  Reply Upload(Value body) {
    body.Set("originationPhoneNumberId", kFixtureNumberId);
    return env_.Post(kUpload, testing::Json(body));
  }

  Reply UploadFile(const std::string& key, const std::string& number = kFixtureNumberId) {
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", number);
    body.Set("sourceS3File", S3File(kBucket, key));
    return env_.Post(kUpload, testing::Json(body));
  }

  // Puts `bytes` at `key` and uploads it; returns the media id ("" unless 200).
  std::string Uploaded(const std::string& key, const std::string& bytes,
                       const std::string& number = kFixtureNumberId) {
    env_.PutObject(kBucket, key, bytes);
    Reply reply = UploadFile(key, number);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("mediaId").value_or("");
  }

  Reply GetMedia(const std::string& media_id, Value extra,
                 const std::string& number = kFixtureNumberId, const std::string& auth = "") {
    Value body = std::move(extra);
    body.Set("mediaId", media_id);
    body.Set("originationPhoneNumberId", number);
    return env_.Post(kGet, testing::Json(body), auth);
  }

  Reply Metadata(const std::string& media_id, const std::string& number = kFixtureNumberId) {
    return GetMedia(media_id, Value::Object().Set("metadataOnly", true), number);
  }

  Reply DeleteMedia(const std::string& media_id, const std::string& number = kFixtureNumberId) {
    return env_.Delete(std::string(kUpload) + "?mediaId=" + media_id +
                       "&originationPhoneNumberId=" + number);
  }

  TestEnv env_;
};

// --- Upload ----------------------------------------------------------------------------------

TEST_F(MediaTest, UploadPngAnswersAMediaId) {
  env_.PutObject(kBucket, "photos/cat.png", kPng);
  Reply reply = UploadFile("photos/cat.png");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string id = reply.json.GetString("mediaId").value_or("");
  EXPECT_TRUE(std::regex_match(id, std::regex("1[0-9]{15}"))) << id;
  EXPECT_EQ(reply.http.body, R"({"mediaId":")" + id + R"("})");
}

TEST_F(MediaTest, UploadStoresBytesHashAndOwner) {
  std::string id = Uploaded("photos/cat.png", kPng);
  auto found = storage::MediaStore(env_.db()).Find(DefaultPartition(), id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const storage::MediaRecord& media = *found.value();
  EXPECT_EQ(media.bytes, kPng);
  EXPECT_EQ(media.sha256, Sha256Hex(kPng));
  EXPECT_EQ(media.file_size, static_cast<int64_t>(kPng.size()));
  EXPECT_EQ(media.phone_number_id, kFixtureNumberId);
  EXPECT_EQ(media.origin, "upload");
  EXPECT_EQ(media.created_ms, testing::kStartMillis);
  EXPECT_EQ(media.expires_ms, testing::kStartMillis + 30 * kDayMillis);
}

TEST_F(MediaTest, FileSizeIsInKilobytesRoundedUp) {
  // The model documents fileSize in KB: 1024 bytes are 1, 1025 bytes 2.
  std::string exact = Uploaded("photos/exact.png", kPng + std::string(1024 - kPng.size(), '\0'));
  EXPECT_EQ(Metadata(exact).json.GetInt("fileSize"), 1);
  std::string over = Uploaded("photos/over.png", kPng + std::string(1025 - kPng.size(), '\0'));
  EXPECT_EQ(Metadata(over).json.GetInt("fileSize"), 2);
}

TEST_F(MediaTest, PngMetadata) {
  std::string id = Uploaded("photos/cat.png", kPng);
  Reply reply = Metadata(id);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"mimeType":"image/png","fileSize":)" +
                                 std::to_string((kPng.size() + 1023) / 1024) + "}");
}

TEST_F(MediaTest, PdfIsADocument) {
  std::string id = Uploaded("docs/menu.pdf", kPdf);
  EXPECT_EQ(Metadata(id).json.GetString("mimeType"), "application/pdf");
}

TEST_F(MediaTest, Mp3IsAudio) {
  std::string id = Uploaded("audio/jingle.mp3", "ID3 fake mp3");
  EXPECT_EQ(Metadata(id).json.GetString("mimeType"), "audio/mpeg");
}

TEST_F(MediaTest, Mp4IsVideo) {
  std::string id = Uploaded("video/clip.mp4", "ftypisom fake mp4");
  EXPECT_EQ(Metadata(id).json.GetString("mimeType"), "video/mp4");
}

TEST_F(MediaTest, StoredContentTypeWinsOverTheExtension) {
  env_.PutObject(kBucket, "upload.bin", kPdf, "application/pdf");
  Reply reply = UploadFile("upload.bin");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(Metadata(reply.json.GetString("mediaId").value_or("")).json.GetString("mimeType"),
            "application/pdf");
}

TEST_F(MediaTest, StaticWebpUpTo100KilobytesIsAccepted) {
  env_.PutObject(kBucket, "s.webp", Webp(100 * kKilobyte, false));
  EXPECT_EQ(UploadFile("s.webp").status(), 200);
}

TEST_F(MediaTest, StaticWebpOf200KilobytesIsRejected) {
  env_.PutObject(kBucket, "s.webp", Webp(200 * kKilobyte, false));
  ExpectInvalidParameters(UploadFile("s.webp"),
                          "sticker media may be at most 102400 bytes; s3://media-bucket/s.webp "
                          "has 204800");
}

TEST_F(MediaTest, AnimatedWebpOf400KilobytesIsAccepted) {
  env_.PutObject(kBucket, "a.webp", Webp(400 * kKilobyte, true));
  Reply reply = UploadFile("a.webp");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(Metadata(reply.json.GetString("mediaId").value_or("")).json.GetString("mimeType"),
            "image/webp");
}

TEST_F(MediaTest, AnimatedWebpUpTo500KilobytesIsAccepted) {
  env_.PutObject(kBucket, "a.webp", Webp(500 * kKilobyte, true));
  EXPECT_EQ(UploadFile("a.webp").status(), 200);
}

// An animated WebP whose VP8X header is followed by an ICC profile chunk before ANIM (the
// order the WebP container specifies), so "ANIM" lies beyond the first 64 bytes.
std::string AnimatedWebpWithIccProfile(size_t size) {
  std::string bytes("RIFF\0\0\0\0WEBP", 12);
  bytes += std::string("VP8X\x0a\0\0\0", 8);
  bytes += std::string("\x22\0\0\0\0\0\0\0\0\0", 10);  // flags: ICC (0x20) + animation (0x02)
  bytes += std::string("ICCP\x58\x02\0\0", 8);         // a 600-byte profile
  bytes += std::string(600, '\x07');
  bytes += std::string("ANIM\x06\0\0\0", 8);
  bytes.resize(size, '\x01');
  return bytes;
}

TEST_F(MediaTest, AnimatedWebpWithIccProfileIsAnimated) {
  env_.PutObject(kBucket, "a.webp", AnimatedWebpWithIccProfile(300 * kKilobyte));
  Reply reply = UploadFile("a.webp");
  EXPECT_EQ(reply.status(), 200) << reply.http.body;
}

TEST_F(MediaTest, AnimatedWebpOverTheLimitIsRejected) {
  env_.PutObject(kBucket, "a.webp", Webp(500 * kKilobyte + 1, true));
  ExpectInvalidParameters(UploadFile("a.webp"),
                          "sticker media may be at most 512000 bytes; s3://media-bucket/a.webp "
                          "has 512001");
}

TEST_F(MediaTest, ImageOverFiveMegabytesIsRejected) {
  env_.PutObject(kBucket, "big.png", std::string(5 * 1024 * 1024 + 1, 'x'));
  ExpectInvalidParameters(UploadFile("big.png"),
                          "image media may be at most 5242880 bytes; s3://media-bucket/big.png "
                          "has 5242881");
}

TEST_F(MediaTest, UnsupportedTypeIsRejected) {
  env_.PutObject(kBucket, "anim.gif", "GIF89a", "image/gif");
  ExpectInvalidParameters(UploadFile("anim.gif"),
                          "Media type 'image/gif' of s3://media-bucket/anim.gif is not supported "
                          "by WhatsApp");
}

TEST_F(MediaTest, MissingObjectIsInvalidParameters) {
  ExpectInvalidParameters(UploadFile("missing.png"),
                          "s3://media-bucket/missing.png: no object media-bucket/missing.png");
}

TEST_F(MediaTest, UploadFromAMissingBucketIsInvalidParameters) {
  Value body = Value::Object().Set("sourceS3File", S3File("no-such-bucket", "a.png"));
  ExpectInvalidParameters(Upload(body),
                          "s3://no-such-bucket/a.png: NoSuchBucket: the bucket no-such-bucket "
                          "does not exist (a directory of --s3-dir)");
}

// Issue 9, defect 11: as S3 answers NoSuchBucket, a copy into a missing bucket creates nothing.
TEST_F(MediaTest, GetIntoAMissingBucketIsInvalidParametersAndCreatesNothing) {
  std::string id = Uploaded("photos/cat.png", kPng);
  Reply reply =
      GetMedia(id, Value::Object().Set("destinationS3File", S3File("no-such-bucket", "copies/")));
  ExpectInvalidParameters(reply, "s3://no-such-bucket/copies/" + id +
                                     ".png: NoSuchBucket: the bucket no-such-bucket does not "
                                     "exist (a directory of --s3-dir)");
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(env_.s3_root()) / "no-such-bucket"));
}

TEST_F(MediaTest, RejectedUploadStoresNothing) {
  env_.PutObject(kBucket, "anim.gif", "GIF89a", "image/gif");
  UploadFile("anim.gif");
  storage::Statement count(env_.db(), "SELECT COUNT(*) FROM media");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), 0);
}

TEST_F(MediaTest, PresignedUrlUsesTheContentTypeHeader) {
  env_.PutObject(kBucket, "uploads/blob", "jpeg bytes");
  Value body = Value::Object();
  body.Set(
      "sourceS3PresignedUrl",
      Presigned("https://media-bucket.s3.us-east-1.amazonaws.com/uploads/blob?X-Amz-Signature=ab",
                Value::Object().Set("Content-Type", "image/jpeg")));
  Reply reply = Upload(body);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Reply metadata = Metadata(reply.json.GetString("mediaId").value_or(""));
  EXPECT_EQ(metadata.http.body, R"({"mimeType":"image/jpeg","fileSize":1})");
}

TEST_F(MediaTest, PresignedContentTypeHeaderNameIgnoresCase) {
  env_.PutObject(kBucket, "uploads/blob", "jpeg bytes");
  Value body = Value::Object();
  body.Set("sourceS3PresignedUrl", Presigned("https://s3.amazonaws.com/media-bucket/uploads/blob",
                                             Value::Object().Set("content-type", "image/jpg")));
  Reply reply = Upload(body);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(Metadata(reply.json.GetString("mediaId").value_or("")).json.GetString("mimeType"),
            "image/jpeg");
}

TEST_F(MediaTest, PresignedUrlWithoutContentTypeIsInvalidParameters) {
  env_.PutObject(kBucket, "photos/cat.png", kPng);
  Value body = Value::Object();
  body.Set("sourceS3PresignedUrl",
           Presigned("https://media-bucket.s3.amazonaws.com/photos/cat.png"));
  ExpectInvalidParameters(Upload(body),
                          "sourceS3PresignedUrl.headers must carry the object's Content-Type");
}

TEST_F(MediaTest, PresignedUrlWithoutKeyIsInvalidParameters) {
  Value body = Value::Object();
  body.Set("sourceS3PresignedUrl", Presigned("https://s3.amazonaws.com/media-bucket",
                                             Value::Object().Set("Content-Type", "image/png")));
  ExpectInvalidParameters(Upload(body),
                          "The presigned URL does not name an S3 bucket and key: "
                          "https://s3.amazonaws.com/media-bucket");
}

TEST_F(MediaTest, BothSourcesAreInvalidParameters) {
  env_.PutObject(kBucket, "photos/cat.png", kPng);
  Value body = Value::Object();
  body.Set("sourceS3File", S3File(kBucket, "photos/cat.png"));
  body.Set("sourceS3PresignedUrl", Presigned("https://media-bucket.s3.amazonaws.com/photos/cat.png",
                                             Value::Object().Set("Content-Type", "image/png")));
  ExpectInvalidParameters(Upload(body),
                          "Provide exactly one of sourceS3File or sourceS3PresignedUrl");
}

TEST_F(MediaTest, NoSourceIsInvalidParameters) {
  ExpectInvalidParameters(Upload(Value::Object()),
                          "Provide exactly one of sourceS3File or sourceS3PresignedUrl");
}

TEST_F(MediaTest, UploadForUnknownNumberIsResourceNotFound) {
  env_.PutObject(kBucket, "photos/cat.png", kPng);
  const std::string number = "phone-number-id-00000000000000000000000000000bad";
  ExpectError(UploadFile("photos/cat.png", number), 404, "ResourceNotFoundException",
              "No linked phone number '" + number + "' in this account and region");
}

// --- Get -------------------------------------------------------------------------------------

TEST_F(MediaTest, GetIntoS3FileWritesKeyPlusIdPlusExtension) {
  std::string id = Uploaded("photos/cat.png", kPng);
  Reply reply =
      GetMedia(id, Value::Object().Set("destinationS3File", S3File(kOutBucket, "copies/")));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"mimeType":"image/png","fileSize":)" +
                                 std::to_string((kPng.size() + 1023) / 1024) + "}");
  auto copy = env_.GetObject(kOutBucket, "copies/" + id + ".png");
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->bytes, kPng);
  EXPECT_EQ(copy->content_type, "image/png");
}

TEST_F(MediaTest, GetIntoS3FileUsesTheCanonicalExtension) {
  env_.PutObject(kBucket, "photo.jpeg", "jpeg bytes");
  Reply uploaded = UploadFile("photo.jpeg");
  ASSERT_EQ(uploaded.status(), 200) << uploaded.http.body;
  std::string id = uploaded.json.GetString("mediaId").value_or("");
  ASSERT_EQ(
      GetMedia(id, Value::Object().Set("destinationS3File", S3File(kOutBucket, "x-"))).status(),
      200);
  auto copy = env_.GetObject(kOutBucket, "x-" + id + ".jpg");
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->bytes, "jpeg bytes");
}

TEST_F(MediaTest, GetIntoPresignedUrlWritesThatKey) {
  std::string id = Uploaded("docs/menu.pdf", kPdf);
  Reply reply = GetMedia(
      id, Value::Object().Set(
              "destinationS3PresignedUrl",
              Presigned("https://out-bucket.s3.us-west-2.amazonaws.com/exact/menu-copy.pdf?"
                        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc")));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  auto copy = env_.GetObject(kOutBucket, "exact/menu-copy.pdf");
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->bytes, kPdf);
}

TEST_F(MediaTest, GetWithoutDestinationIsInvalidParameters) {
  std::string id = Uploaded("photos/cat.png", kPng);
  ExpectInvalidParameters(GetMedia(id, Value::Object()),
                          "Provide exactly one of destinationS3File or destinationS3PresignedUrl");
}

TEST_F(MediaTest, MetadataOnlyWritesNothing) {
  std::string id = Uploaded("photos/cat.png", kPng);
  Value body = Value::Object();
  body.Set("metadataOnly", true);
  body.Set("destinationS3File", S3File(kOutBucket, "copies/"));
  ASSERT_EQ(GetMedia(id, body).status(), 200);
  EXPECT_FALSE(env_.GetObject(kOutBucket, "copies/" + id + ".png").has_value());
}

TEST_F(MediaTest, UnknownMediaIsResourceNotFound) {
  ExpectError(Metadata("1999999999999999"), 404, "ResourceNotFoundException",
              std::string("No media 1999999999999999 for phone number ") + kFixtureNumberId);
}

TEST_F(MediaTest, AnotherNumberCannotReadTheMedia) {
  std::string id = Uploaded("photos/cat.png", kPng);
  ExpectError(Metadata(id, kFixtureNumber2Id), 404, "ResourceNotFoundException",
              "No media " + id + " for phone number " + kFixtureNumber2Id);
}

TEST_F(MediaTest, AnotherPartitionCannotReadTheMedia) {
  std::string id = Uploaded("photos/cat.png", kPng);
  Reply reply = GetMedia(id, Value::Object().Set("metadataOnly", true), kFixtureNumberId,
                         kOtherPartitionAuth);
  EXPECT_EQ(reply.status(), 404) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), "ResourceNotFoundException");
}

TEST_F(MediaTest, MediaIsReadableUntilJustBefore30Days) {
  std::string id = Uploaded("photos/cat.png", kPng);
  env_.AdvanceClock(30 * kDayMillis - 1);
  EXPECT_EQ(Metadata(id).status(), 200);
}

TEST_F(MediaTest, MediaExpiresAfter30Days) {
  std::string id = Uploaded("photos/cat.png", kPng);
  env_.AdvanceClock(30 * kDayMillis);
  ExpectError(Metadata(id), 404, "ResourceNotFoundException",
              "No media " + id + " for phone number " + kFixtureNumberId);
}

// --- Delete ----------------------------------------------------------------------------------

TEST_F(MediaTest, DeleteAnswersSuccess) {
  std::string id = Uploaded("photos/cat.png", kPng);
  Reply reply = DeleteMedia(id);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"success":true})");
}

TEST_F(MediaTest, GetAfterDeleteIsResourceNotFound) {
  std::string id = Uploaded("photos/cat.png", kPng);
  ASSERT_EQ(DeleteMedia(id).status(), 200);
  ExpectError(Metadata(id), 404, "ResourceNotFoundException",
              "No media " + id + " for phone number " + kFixtureNumberId);
}

TEST_F(MediaTest, DeleteTwiceIsResourceNotFound) {
  std::string id = Uploaded("photos/cat.png", kPng);
  ASSERT_EQ(DeleteMedia(id).status(), 200);
  EXPECT_EQ(DeleteMedia(id).status(), 404);
}

TEST_F(MediaTest, AnotherNumberCannotDeleteTheMedia) {
  std::string id = Uploaded("photos/cat.png", kPng);
  ExpectError(DeleteMedia(id, kFixtureNumber2Id), 404, "ResourceNotFoundException",
              "No media " + id + " for phone number " + kFixtureNumber2Id);
  EXPECT_EQ(Metadata(id).status(), 200);
}

TEST_F(MediaTest, ExpiredMediaCannotBeDeleted) {
  std::string id = Uploaded("photos/cat.png", kPng);
  env_.AdvanceClock(31 * kDayMillis);
  EXPECT_EQ(DeleteMedia(id).status(), 404);
}

}  // namespace
}  // namespace socialite
