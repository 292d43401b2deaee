// The WhatsApp media table: MIME lookup (parameters, case, aliases) and key extensions.
#include "server/whatsapp/media_types.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace socialite::whatsapp {
namespace {

// "kind mime extension max_bytes" for a MIME type, or "none".
std::string Describe(const std::string& mime) {
  std::optional<MediaType> type = MediaTypeForMime(mime);
  if (!type) return "none";
  return type->kind + " " + type->mime_type + " " + type->extension + " " +
         std::to_string(type->max_bytes);
}

TEST(MediaTypesTest, KnownImageTypes) {
  EXPECT_EQ(Describe("image/jpeg"), "image image/jpeg .jpg 5242880");
  EXPECT_EQ(Describe("image/png"), "image image/png .png 5242880");
}

TEST(MediaTypesTest, EveryKindHasItsLimit) {
  EXPECT_EQ(Describe("audio/mpeg"), "audio audio/mpeg .mp3 16777216");
  EXPECT_EQ(Describe("application/pdf"), "document application/pdf .pdf 104857600");
  EXPECT_EQ(Describe("video/mp4"), "video video/mp4 .mp4 16777216");
  EXPECT_EQ(Describe("image/webp"), "sticker image/webp .webp 512000");
}

TEST(MediaTypesTest, ParametersAreIgnored) {
  EXPECT_EQ(Describe("audio/ogg; codecs=opus"), "audio audio/ogg .ogg 16777216");
}

TEST(MediaTypesTest, ParametersWithoutSpaceAreIgnored) {
  EXPECT_EQ(Describe("text/plain;charset=utf-8"), "document text/plain .txt 104857600");
}

TEST(MediaTypesTest, CaseAndSpacesAreIgnored) {
  EXPECT_EQ(Describe("IMAGE/PNG"), "image image/png .png 5242880");
  EXPECT_EQ(Describe(" image/png "), "image image/png .png 5242880");
}

TEST(MediaTypesTest, ImageJpgIsAnAliasOfJpeg) {
  EXPECT_EQ(Describe("image/jpg"), "image image/jpeg .jpg 5242880");
}

TEST(MediaTypesTest, Video3gpIsAnAliasOf3gpp) {
  EXPECT_EQ(Describe("video/3gp"), "video video/3gpp .3gp 16777216");
}

TEST(MediaTypesTest, OfficeDocumentsAreDocuments) {
  EXPECT_EQ(Describe("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "document application/vnd.openxmlformats-officedocument.wordprocessingml.document "
            ".docx 104857600");
  EXPECT_EQ(Describe("application/vnd.ms-excel"),
            "document application/vnd.ms-excel .xls 104857600");
}

TEST(MediaTypesTest, UnsupportedTypesAreUnknown) {
  EXPECT_EQ(Describe("image/gif"), "none");
  EXPECT_EQ(Describe("application/zip"), "none");
  EXPECT_EQ(Describe("video/quicktime"), "none");
  EXPECT_EQ(Describe(""), "none");
}

TEST(MediaTypesTest, MimeForKeyByExtension) {
  EXPECT_EQ(MimeForKey("photos/cat.png"), "image/png");
  EXPECT_EQ(MimeForKey("cat.jpg"), "image/jpeg");
  EXPECT_EQ(MimeForKey("docs/report.pdf"), "application/pdf");
  EXPECT_EQ(MimeForKey("song.mp3"), "audio/mpeg");
  EXPECT_EQ(MimeForKey("clip.mp4"), "video/mp4");
  EXPECT_EQ(MimeForKey("sticker.webp"), "image/webp");
  EXPECT_EQ(MimeForKey("notes.txt"), "text/plain");
}

TEST(MediaTypesTest, MimeForKeyAliasesAndCase) {
  EXPECT_EQ(MimeForKey("cat.jpeg"), "image/jpeg");
  EXPECT_EQ(MimeForKey("CAT.PNG"), "image/png");
  EXPECT_EQ(MimeForKey("voice.opus"), "audio/ogg");
}

TEST(MediaTypesTest, MimeForKeyWithoutKnownExtensionIsEmpty) {
  EXPECT_EQ(MimeForKey("README"), "");
  EXPECT_EQ(MimeForKey("archive.zip"), "");
  // The dot belongs to a directory, not the file name.
  EXPECT_EQ(MimeForKey("v1.2/README"), "");
}

TEST(MediaTypesTest, MimeForKeyRoundTripsEveryExtension) {
  for (const std::string mime :
       {"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg", "text/plain",
        "application/pdf", "application/msword", "application/vnd.ms-powerpoint", "image/jpeg",
        "image/png", "image/webp", "video/mp4", "video/3gpp"}) {
    std::optional<MediaType> type = MediaTypeForMime(mime);
    ASSERT_TRUE(type.has_value()) << mime;
    EXPECT_EQ(MimeForKey("file" + type->extension), mime);
  }
}

}  // namespace
}  // namespace socialite::whatsapp
