#include "storage/flow_send_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus FlowSendStore::Insert(const Partition& p, const FlowSendRecord& send) {
  Statement insert(db_,
                   "INSERT INTO flow_sends (account, region, wamid, waba_id, flow_id, flow_token, "
                   "sent_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
  return insert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, send.wamid)
      .Bind(4, send.waba_id)
      .Bind(5, send.flow_id)
      .Bind(6, send.flow_token)
      .Bind(7, send.sent_ms)
      .Run();
}

StoreResult<int64_t> FlowSendStore::CountSince(const Partition& p, const std::string& flow_id,
                                               int64_t since_ms) {
  Statement count(db_,
                  "SELECT COUNT(*) FROM flow_sends WHERE account = ? AND region = ? AND "
                  "flow_id = ? AND sent_ms > ?");
  count.Bind(1, p.account).Bind(2, p.region).Bind(3, flow_id).Bind(4, since_ms);
  return count.SingleInt();
}

StoreResult<std::optional<FlowSendRecord>> FlowSendStore::FindByWamid(const Partition& p,
                                                                      const std::string& wamid) {
  Statement row(db_,
                "SELECT waba_id, flow_id, flow_token, sent_ms FROM flow_sends "
                "WHERE account = ? AND region = ? AND wamid = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, wamid);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<FlowSendRecord>();
  }
  FlowSendRecord send;
  send.wamid = wamid;
  send.waba_id = row.Text(0);
  send.flow_id = row.Text(1);
  send.flow_token = row.Text(2);
  send.sent_ms = row.Int(3);
  return std::optional<FlowSendRecord>(std::move(send));
}

}  // namespace socialite::storage
