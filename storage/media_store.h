// MediaStore: media files uploaded from S3 or received inbound, with their bytes.
#pragma once

#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class MediaStore {
 public:
  explicit MediaStore(Database& db) : db_(db) {}
  StoreStatus Insert(const Partition& p, const MediaRecord& media);
  StoreResult<std::optional<MediaRecord>> Find(const Partition& p, const std::string& media_id);
  // Looks a media id up in every partition (admin endpoints).
  StoreResult<std::optional<MediaRecord>> FindAnywhere(const std::string& media_id);
  StoreStatus Delete(const Partition& p, const std::string& media_id);
  // Media expire after their lifetime: removes every row expired at `now_ms`.
  StoreStatus DeleteExpired(int64_t now_ms);

 private:
  Database& db_;
};

}  // namespace socialite::storage
