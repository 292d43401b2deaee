// WhatsApp media: upload from S3 (PostWhatsAppMessageMedia), fetch into S3 or read metadata
// (GetWhatsAppMessageMedia), delete. Media belong to the phone number that uploaded (or
// received) them and expire after 30 days of clock time.
#include <cctype>

#include "server/core/sha256.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/staged.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/objectstore/object_store.h"
#include "server/whatsapp/media_types.h"
#include "storage/media_store.h"
#include "storage/statement.h"

namespace socialite {
namespace {

constexpr int64_t kMediaLifetimeMs = 30LL * 24 * 60 * 60 * 1000;
constexpr int64_t kStaticStickerMaxBytes = 100 * 1024;

// An animated WebP is an extended file ("VP8X" chunk) whose flags byte has the animation bit.
bool IsAnimatedWebp(const std::string& bytes) {
  return bytes.size() > 20 && bytes.compare(0, 4, "RIFF") == 0 &&
         bytes.compare(8, 4, "WEBP") == 0 && bytes.compare(12, 4, "VP8X") == 0 &&
         (static_cast<unsigned char>(bytes[20]) & 0x02) != 0;
}

std::string HeaderValue(const Value* headers, const std::string& name) {
  if (headers == nullptr || !headers->is_object()) return "";
  for (const auto& [key, value] : headers->AsObject()) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(key[i])) !=
          std::tolower(static_cast<unsigned char>(name[i])))
        same = false;
    }
    if (same && value.kind() == Value::Kind::kString) return value.AsString();
  }
  return "";
}

// Where an S3File or S3PresignedUrl input points.
struct S3Location {
  std::string bucket;
  std::string key;
  std::string content_type;  // from the presigned URL's headers
};

Result<S3Location> LocationOf(const Value* file, const Value* presigned, const char* what) {
  if ((file != nullptr) == (presigned != nullptr)) {
    return InvalidParameters(std::string("Provide exactly one of ") + what + "S3File or " + what +
                             "S3PresignedUrl");
  }
  if (file != nullptr)
    return S3Location{*file->GetString("bucketName"), *file->GetString("key"), ""};
  std::string url = *presigned->GetString("url");
  auto parsed = objectstore::ParsePresignedUrl(url);
  if (!parsed) {
    return InvalidParameters("The presigned URL does not name an S3 bucket and key: " + url);
  }
  return S3Location{parsed->bucket, parsed->key,
                    HeaderValue(presigned->Get("headers"), "Content-Type")};
}

ApiError ObjectStoreError(const objectstore::ObjectFailure& failure, const S3Location& where) {
  if (failure.code == objectstore::ObjectError::kUnavailable) {
    return {ErrorCode::kDependency, "S3 is unavailable: " + failure.message};
  }
  return InvalidParameters("s3://" + where.bucket + "/" + where.key + ": " + failure.message);
}

// The media an input names, readable by this phone number and not expired.
Result<storage::MediaRecord> FindUsableMedia(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto number,
                   RequirePhoneNumber(ctx, *input.GetString("originationPhoneNumberId")));
  std::string media_id = *input.GetString("mediaId");
  ASSIGN_OR_RETURN(auto media,
                   FromStore(storage::MediaStore(ctx.services.db).Find(ctx.partition, media_id)));
  if (!media || media->phone_number_id != number.id ||
      media->expires_ms <= ctx.services.clock.NowMillis()) {
    return ResourceNotFound("No media " + media_id + " for phone number " + number.id);
  }
  return *media;
}

}  // namespace

// These handlers run on a worker: database steps go through ReadState/WriteState, and the S3
// transfer happens between them, holding no connection.

Result<Value> PostWhatsAppMessageMedia(RequestContext& ctx, const Value& input) {
  Services& services = ctx.services;
  storage::PhoneNumberRecord number;
  RETURN_IF_ERROR(ReadState(ctx, [&](RequestContext& state) -> Status {
    ASSIGN_OR_RETURN(number,
                     RequirePhoneNumber(state, *input.GetString("originationPhoneNumberId")));
    return {};
  }));
  const Value* presigned = input.Get("sourceS3PresignedUrl");
  ASSIGN_OR_RETURN(S3Location source, LocationOf(input.Get("sourceS3File"), presigned, "source"));
  if (presigned != nullptr && source.content_type.empty()) {
    return InvalidParameters("sourceS3PresignedUrl.headers must carry the object's Content-Type");
  }
  if (services.objects == nullptr) return InternalService("No object store is configured");
  auto fetched = services.objects->Get(source.bucket, source.key);
  if (auto* failure = std::get_if<objectstore::ObjectFailure>(&fetched)) {
    return ObjectStoreError(*failure, source);
  }
  auto& object = std::get<objectstore::StoredObject>(fetched);
  std::string mime = whatsapp::EffectiveMime(
      !source.content_type.empty() ? source.content_type : object.content_type, source.key);
  auto type = whatsapp::MediaTypeForMime(mime);
  if (!type) {
    return InvalidParameters("Media type '" + mime + "' of s3://" + source.bucket + "/" +
                             source.key + " is not supported by WhatsApp");
  }
  int64_t limit = type->max_bytes;
  if (type->kind == "sticker" && !IsAnimatedWebp(object.bytes)) limit = kStaticStickerMaxBytes;
  int64_t size = static_cast<int64_t>(object.bytes.size());
  if (size > limit) {
    return InvalidParameters(type->kind + " media may be at most " + std::to_string(limit) +
                             " bytes; s3://" + source.bucket + "/" + source.key + " has " +
                             std::to_string(size));
  }
  storage::MediaRecord media;
  media.media_id = NewMetaId(services.ids);
  media.phone_number_id = number.id;
  media.origin = "upload";
  media.mime_type = type->mime_type;
  media.sha256 = Sha256Hex(object.bytes);
  media.file_size = size;
  media.bytes = std::move(object.bytes);
  media.created_ms = services.clock.NowMillis();
  media.expires_ms = media.created_ms + kMediaLifetimeMs;
  RETURN_IF_ERROR(WriteState(ctx, [&](RequestContext& state) {
    return FromStore(storage::MediaStore(state.services.db).Insert(state.partition, media));
  }));
  Value out = Value::Object();
  out.Set("mediaId", media.media_id);
  return out;
}

Result<Value> GetWhatsAppMessageMedia(RequestContext& ctx, const Value& input) {
  storage::MediaRecord media;
  RETURN_IF_ERROR(ReadState(ctx, [&](RequestContext& state) -> Status {
    ASSIGN_OR_RETURN(media, FindUsableMedia(state, input));
    return {};
  }));
  Value out = Value::Object();
  out.Set("mimeType", media.mime_type);
  // The API reference and the model document fileSize in KB: whole KiB, rounded up, so
  // that a non-empty file never reads 0.
  out.Set("fileSize", (media.file_size + 1023) / 1024);
  if (input.GetBool("metadataOnly").value_or(false)) return out;

  const Value* file = input.Get("destinationS3File");
  ASSIGN_OR_RETURN(S3Location target,
                   LocationOf(file, input.Get("destinationS3PresignedUrl"), "destination"));
  // An S3File destination's key is a prefix: the object is written at key + mediaId + extension.
  if (file != nullptr) {
    auto type = whatsapp::MediaTypeForMime(media.mime_type);
    target.key += media.media_id + (type ? type->extension : "");
  }
  if (ctx.services.objects == nullptr) return InternalService("No object store is configured");
  auto written = ctx.services.objects->Put(target.bucket, target.key, media.bytes, media.mime_type);
  if (auto* failure = std::get_if<objectstore::ObjectFailure>(&written)) {
    return ObjectStoreError(*failure, target);
  }
  return out;
}

Result<Value> DeleteWhatsAppMessageMedia(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto media, FindUsableMedia(ctx, input));
  RETURN_IF_ERROR(
      FromStore(storage::MediaStore(ctx.services.db).Delete(ctx.partition, media.media_id)));
  Value out = Value::Object();
  out.Set("success", true);
  return out;
}

}  // namespace socialite
