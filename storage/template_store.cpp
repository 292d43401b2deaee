#include "storage/template_store.h"

#include "storage/statement.h"

namespace socialite::storage {
namespace {

constexpr const char* kSelect =
    "SELECT waba_id, meta_template_id, name, language, category, status, rejected_reason, "
    "quality_score, definition_json, cta_url_link_tracking_opted_out, library_template_name, "
    "created_ms, updated_ms, review_due_ms, seq, account, region FROM templates ";

TemplateRecord ReadTemplate(const Statement& row) {
  TemplateRecord t;
  t.waba_id = row.Text(0);
  t.meta_template_id = row.Text(1);
  t.name = row.Text(2);
  t.language = row.Text(3);
  t.category = row.Text(4);
  t.status = row.Text(5);
  t.rejected_reason = row.OptionalText(6);
  t.quality_score = row.Text(7);
  t.definition_json = row.Text(8);
  t.cta_url_link_tracking_opted_out = row.Int(9) != 0;
  t.library_template_name = row.OptionalText(10);
  t.created_ms = row.Int(11);
  t.updated_ms = row.Int(12);
  if (!row.IsNull(13)) t.review_due_ms = row.Int(13);
  t.seq = row.Int(14);
  return t;
}

StoreResult<std::vector<TemplateRecord>> ReadAll(Statement& rows) {
  std::vector<TemplateRecord> out;
  while (rows.Step()) out.push_back(ReadTemplate(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreResult<std::optional<TemplateRecord>> ReadOne(Statement& row) {
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<TemplateRecord>();
  }
  return std::optional<TemplateRecord>(ReadTemplate(row));
}

void BindDue(Statement& st, int index, const std::optional<int64_t>& due) {
  if (due) {
    st.Bind(index, *due);
  } else {
    st.BindNull(index);
  }
}

}  // namespace

StoreStatus TemplateStore::Insert(const Partition& p, const TemplateRecord& t) {
  Statement insert(db_,
                   "INSERT INTO templates (account, region, waba_id, meta_template_id, name, "
                   "language, category, status, rejected_reason, quality_score, definition_json, "
                   "cta_url_link_tracking_opted_out, library_template_name, created_ms, "
                   "updated_ms, review_due_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?)");
  insert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, t.waba_id)
      .Bind(4, t.meta_template_id)
      .Bind(5, t.name)
      .Bind(6, t.language)
      .Bind(7, t.category)
      .Bind(8, t.status)
      .BindOptional(9, t.rejected_reason)
      .Bind(10, t.quality_score)
      .Bind(11, t.definition_json)
      .Bind(12, t.cta_url_link_tracking_opted_out)
      .BindOptional(13, t.library_template_name)
      .Bind(14, t.created_ms)
      .Bind(15, t.updated_ms);
  BindDue(insert, 16, t.review_due_ms);
  return insert.Run();
}

StoreStatus TemplateStore::Update(const Partition& p, const TemplateRecord& t) {
  Statement update(db_,
                   "UPDATE templates SET category = ?, status = ?, rejected_reason = ?, "
                   "quality_score = ?, definition_json = ?, cta_url_link_tracking_opted_out = ?, "
                   "updated_ms = ?, review_due_ms = ? WHERE meta_template_id = ? AND "
                   "account = ? AND region = ?");
  update.Bind(1, t.category)
      .Bind(2, t.status)
      .BindOptional(3, t.rejected_reason)
      .Bind(4, t.quality_score)
      .Bind(5, t.definition_json)
      .Bind(6, t.cta_url_link_tracking_opted_out)
      .Bind(7, t.updated_ms);
  BindDue(update, 8, t.review_due_ms);
  update.Bind(9, t.meta_template_id).Bind(10, p.account).Bind(11, p.region);
  return update.Run();
}

StoreResult<std::optional<TemplateRecord>> TemplateStore::FindById(
    const Partition& p, const std::string& waba_id, const std::string& meta_template_id) {
  Statement row(db_, std::string(kSelect) +
                         "WHERE account = ? AND region = ? AND waba_id = ? AND "
                         "meta_template_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, meta_template_id);
  return ReadOne(row);
}

StoreResult<std::optional<TemplateRecord>> TemplateStore::FindByName(const Partition& p,
                                                                     const std::string& waba_id,
                                                                     const std::string& name,
                                                                     const std::string& language) {
  Statement row(db_, std::string(kSelect) +
                         "WHERE account = ? AND region = ? AND waba_id = ? AND name = ? AND "
                         "language = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, name).Bind(5, language);
  return ReadOne(row);
}

StoreResult<std::optional<std::pair<Partition, TemplateRecord>>> TemplateStore::FindAnywhere(
    const std::string& meta_template_id) {
  Statement row(db_, std::string(kSelect) + "WHERE meta_template_id = ?");
  row.Bind(1, meta_template_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::pair<Partition, TemplateRecord>>();
  }
  return std::optional<std::pair<Partition, TemplateRecord>>(
      std::make_pair(Partition{row.Text(15), row.Text(16)}, ReadTemplate(row)));
}

StoreResult<std::vector<TemplateRecord>> TemplateStore::ListByName(const Partition& p,
                                                                   const std::string& waba_id,
                                                                   const std::string& name) {
  Statement rows(db_, std::string(kSelect) +
                          "WHERE account = ? AND region = ? AND waba_id = ? AND name = ? "
                          "ORDER BY seq");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, name);
  return ReadAll(rows);
}

StoreResult<std::vector<TemplateRecord>> TemplateStore::ListAfter(const Partition& p,
                                                                  const std::string& waba_id,
                                                                  int64_t after_seq, int limit) {
  Statement rows(db_, std::string(kSelect) +
                          "WHERE account = ? AND region = ? AND waba_id = ? AND seq > ? "
                          "ORDER BY seq LIMIT ?");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, after_seq).Bind(5, limit);
  return ReadAll(rows);
}

StoreResult<int64_t> TemplateStore::Count(const Partition& p, const std::string& waba_id) {
  Statement row(db_,
                "SELECT COUNT(*) FROM templates WHERE account = ? AND region = ? AND waba_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id);
  return row.SingleInt();
}

StoreResult<std::vector<std::pair<Partition, TemplateRecord>>> TemplateStore::ListEverywhere(
    const std::optional<std::string>& waba_id) {
  Statement rows(db_, std::string(kSelect) + "WHERE ?1 IS NULL OR waba_id = ?1 " +
                          "ORDER BY account, region, waba_id, seq");
  rows.BindOptional(1, waba_id);
  std::vector<std::pair<Partition, TemplateRecord>> out;
  while (rows.Step()) out.emplace_back(Partition{rows.Text(15), rows.Text(16)}, ReadTemplate(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreStatus TemplateStore::Delete(const std::string& meta_template_id) {
  Statement remove(db_, "DELETE FROM templates WHERE meta_template_id = ?");
  return remove.Bind(1, meta_template_id).Run();
}

StoreResult<std::vector<std::pair<Partition, TemplateRecord>>> TemplateStore::DueForReview(
    int64_t now_ms) {
  Statement rows(db_, std::string(kSelect) +
                          "WHERE review_due_ms IS NOT NULL AND review_due_ms <= ? "
                          "ORDER BY review_due_ms, seq");
  rows.Bind(1, now_ms);
  std::vector<std::pair<Partition, TemplateRecord>> out;
  while (rows.Step()) out.emplace_back(Partition{rows.Text(15), rows.Text(16)}, ReadTemplate(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreStatus TemplateStore::RecordEdit(const std::string& meta_template_id, int64_t at_ms) {
  Statement insert(db_, "INSERT INTO template_edits (meta_template_id, at_ms) VALUES (?, ?)");
  return insert.Bind(1, meta_template_id).Bind(2, at_ms).Run();
}

StoreResult<int64_t> TemplateStore::CountEditsSince(const std::string& meta_template_id,
                                                    int64_t since_ms) {
  Statement row(db_,
                "SELECT COUNT(*) FROM template_edits WHERE meta_template_id = ? AND at_ms > ?");
  row.Bind(1, meta_template_id).Bind(2, since_ms);
  return row.SingleInt();
}

}  // namespace socialite::storage
