// DatasetStore: Meta's Conversions API datasets (one per Meta WABA, as Meta keeps it across
// links) and the conversion events accepted for them (AWS side, partitioned).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

// One accepted Conversions API event, as the business sent it.
struct ConversionEventRecord {
  std::string waba_id;
  std::string dataset_id;
  std::string request_id;  // answered to the SendWhatsAppConversionEvent that carried it
  std::string event_name;
  int64_t event_time = 0;  // epoch seconds, the event's own time
  std::optional<std::string> event_id;
  std::optional<std::string> ctwa_clid;
  std::string event_json;  // the event object
  int64_t received_ms = 0;
  int64_t seq = 0;
};

class DatasetStore {
 public:
  explicit DatasetStore(Database& db) : db_(db) {}

  StoreResult<std::optional<std::string>> FindDataset(const std::string& meta_waba_id);
  // Gives the Meta WABA `dataset_id` unless it already has one; answers the one it has.
  StoreResult<std::string> CreateDataset(const std::string& meta_waba_id,
                                         const std::string& dataset_id, int64_t now_ms);

  StoreStatus AppendEvents(const Partition& p, const std::vector<ConversionEventRecord>& events);
  // Events after `after_seq`, oldest first, of one WABA (of every WABA, in every partition,
  // when `waba_id` is empty): the admin inspection reads across partitions.
  StoreResult<std::vector<std::pair<Partition, ConversionEventRecord>>> ListEvents(
      const std::string& waba_id, int64_t after_seq, int limit);

 private:
  Database& db_;
};

}  // namespace socialite::storage
