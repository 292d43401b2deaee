#include "storage/media_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus MediaStore::Insert(const Partition& p, const MediaRecord& m) {
  Statement insert(db_,
                   "INSERT INTO media (account, region, media_id, phone_number_id, origin, "
                   "mime_type, sha256, file_size, bytes, created_ms, expires_ms) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  return insert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, m.media_id)
      .Bind(4, m.phone_number_id)
      .Bind(5, m.origin)
      .Bind(6, m.mime_type)
      .Bind(7, m.sha256)
      .Bind(8, m.file_size)
      .BindBlob(9, m.bytes)
      .Bind(10, m.created_ms)
      .Bind(11, m.expires_ms)
      .Run();
}

namespace {

constexpr const char* kSelect =
    "SELECT media_id, phone_number_id, origin, mime_type, sha256, file_size, bytes, created_ms, "
    "expires_ms FROM media ";

StoreResult<std::optional<MediaRecord>> ReadOne(Statement& row) {
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<MediaRecord>();
  }
  MediaRecord m;
  m.media_id = row.Text(0);
  m.phone_number_id = row.Text(1);
  m.origin = row.Text(2);
  m.mime_type = row.Text(3);
  m.sha256 = row.Text(4);
  m.file_size = row.Int(5);
  m.bytes = row.Text(6);
  m.created_ms = row.Int(7);
  m.expires_ms = row.Int(8);
  return std::optional<MediaRecord>(std::move(m));
}

}  // namespace

StoreResult<std::optional<MediaRecord>> MediaStore::Find(const Partition& p,
                                                         const std::string& media_id) {
  Statement row(db_, std::string(kSelect) + "WHERE account = ? AND region = ? AND media_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, media_id);
  return ReadOne(row);
}

StoreResult<std::optional<MediaRecord>> MediaStore::FindAnywhere(const std::string& media_id) {
  // Through media_by_id; media ids are 16 random digits, so the first match is the one.
  Statement row(db_, std::string(kSelect) + "WHERE media_id = ? LIMIT 1");
  row.Bind(1, media_id);
  return ReadOne(row);
}

StoreStatus MediaStore::Delete(const Partition& p, const std::string& media_id) {
  Statement remove(db_, "DELETE FROM media WHERE account = ? AND region = ? AND media_id = ?");
  return remove.Bind(1, p.account).Bind(2, p.region).Bind(3, media_id).Run();
}

StoreStatus MediaStore::DeleteExpired(int64_t now_ms) {
  Statement remove(db_, "DELETE FROM media WHERE expires_ms <= ?");
  return remove.Bind(1, now_ms).Run();
}

}  // namespace socialite::storage
