#include "storage/tag_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus TagStore::Put(const Partition& p, const std::string& resource_id,
                          const std::vector<TagRecord>& tags) {
  Statement upsert(db_,
                   "INSERT INTO tags (account, region, resource_id, key, value, seq) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, (SELECT IFNULL(MAX(seq), 0) + 1 FROM tags)) "
                   "ON CONFLICT (account, region, resource_id, key) DO UPDATE SET value = ?5");
  for (const auto& tag : tags) {
    upsert.Reset();
    RETURN_IF_STORE_ERROR(upsert.Bind(1, p.account)
                              .Bind(2, p.region)
                              .Bind(3, resource_id)
                              .Bind(4, tag.key)
                              .Bind(5, tag.value)
                              .Run());
  }
  return {};
}

StoreStatus TagStore::Remove(const Partition& p, const std::string& resource_id,
                             const std::vector<std::string>& keys) {
  Statement remove(db_,
                   "DELETE FROM tags WHERE account = ? AND region = ? AND resource_id = ? AND "
                   "key = ?");
  for (const auto& key : keys) {
    remove.Reset();
    RETURN_IF_STORE_ERROR(
        remove.Bind(1, p.account).Bind(2, p.region).Bind(3, resource_id).Bind(4, key).Run());
  }
  return {};
}

StoreResult<std::vector<TagRecord>> TagStore::List(const Partition& p,
                                                   const std::string& resource_id) {
  Statement rows(db_,
                 "SELECT key, value FROM tags WHERE account = ? AND region = ? AND "
                 "resource_id = ? ORDER BY seq");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, resource_id);
  std::vector<TagRecord> out;
  while (rows.Step()) out.push_back(TagRecord{rows.Text(0), rows.Text(1)});
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

}  // namespace socialite::storage
