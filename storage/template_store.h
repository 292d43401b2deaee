// TemplateStore: message templates per WABA, their edit history and pending reviews.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class TemplateStore {
 public:
  explicit TemplateStore(Database& db) : db_(db) {}
  // kAlreadyExists when the WABA has that name + language already.
  StoreStatus Insert(const Partition& p, const TemplateRecord& t);
  // Rewrites every mutable column of the template named by t.meta_template_id.
  StoreStatus Update(const Partition& p, const TemplateRecord& t);
  StoreResult<std::optional<TemplateRecord>> FindById(const Partition& p,
                                                      const std::string& waba_id,
                                                      const std::string& meta_template_id);
  StoreResult<std::optional<TemplateRecord>> FindByName(const Partition& p,
                                                        const std::string& waba_id,
                                                        const std::string& name,
                                                        const std::string& language);
  // Finds a template anywhere by its Meta id (admin endpoints), with its partition.
  StoreResult<std::optional<std::pair<Partition, TemplateRecord>>> FindAnywhere(
      const std::string& meta_template_id);
  StoreResult<std::vector<TemplateRecord>> ListByName(const Partition& p,
                                                      const std::string& waba_id,
                                                      const std::string& name);
  StoreResult<std::vector<TemplateRecord>> ListAfter(const Partition& p, const std::string& waba_id,
                                                     int64_t after_seq, int limit);
  StoreResult<int64_t> Count(const Partition& p, const std::string& waba_id);
  // Templates of every partition (only the WABA `waba_id`'s when given), sorted by account,
  // region, WABA and creation (admin endpoints).
  StoreResult<std::vector<std::pair<Partition, TemplateRecord>>> ListEverywhere(
      const std::optional<std::string>& waba_id);
  StoreStatus Delete(const std::string& meta_template_id);
  // Templates anywhere whose review falls due at or before `now_ms`, oldest first.
  StoreResult<std::vector<std::pair<Partition, TemplateRecord>>> DueForReview(int64_t now_ms);

  StoreStatus RecordEdit(const std::string& meta_template_id, int64_t at_ms);
  StoreResult<int64_t> CountEditsSince(const std::string& meta_template_id, int64_t since_ms);

 private:
  Database& db_;
};

}  // namespace socialite::storage
