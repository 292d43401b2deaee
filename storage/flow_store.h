// FlowStore: the WhatsApp Flows of each linked WABA (metadata, status, the flow.json asset, its
// validation errors, and the tokens of the preview page and the asset download).
//
// Lookups for other areas (sending interactive flow messages, FLOW template buttons): FindById
// and FindByName, both within one WABA of one partition, returning the flow with its status.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

// Meta's flow statuses.
inline constexpr char kFlowDraft[] = "DRAFT";
inline constexpr char kFlowPublished[] = "PUBLISHED";
inline constexpr char kFlowDeprecated[] = "DEPRECATED";
inline constexpr char kFlowThrottled[] = "THROTTLED";
inline constexpr char kFlowBlocked[] = "BLOCKED";

// A WhatsApp Flow of a WABA.
struct FlowRecord {
  std::string waba_id;  // waba-<32 hex> (AWS side)
  std::string flow_id;  // Meta-style decimal id
  std::string name;     // unique within the WABA
  std::vector<std::string> categories;
  std::string status = kFlowDraft;       // DRAFT | PUBLISHED | DEPRECATED | THROTTLED | BLOCKED
  std::optional<std::string> flow_json;  // the flow.json asset as uploaded; nullopt: none yet
  std::vector<std::string> validation_errors;   // Meta's error objects, compact JSON each
  std::optional<std::string> json_version;      // the asset's "version"
  std::optional<std::string> data_api_version;  // the asset's "data_api_version"
  bool uses_data_exchange = false;              // an endpoint (dynamic) flow
  std::optional<std::string> endpoint_uri;
  std::optional<std::string> meta_app_id;  // the business's own Meta app, once attached
  std::optional<std::string> preview_token;
  int64_t preview_expires_ms = 0;
  std::optional<std::string> asset_token;  // names the current flow.json download
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t seq = 0;  // stable listing order

  bool Sendable() const { return status == kFlowPublished || status == kFlowThrottled; }
};

class FlowStore {
 public:
  explicit FlowStore(Database& db) : db_(db) {}

  // kAlreadyExists when the WABA has a flow of that name (or that id) already.
  StoreStatus Insert(const Partition& p, const FlowRecord& flow);
  // Rewrites every mutable column of the flow named by flow.flow_id; kAlreadyExists when a
  // rename collides with another flow of the WABA.
  StoreStatus Update(const Partition& p, const FlowRecord& flow);
  StoreStatus Delete(const Partition& p, const std::string& flow_id);

  // The flow `flow_id` of the WABA `waba_id` (waba-… id), or nullopt.
  StoreResult<std::optional<FlowRecord>> FindById(const Partition& p, const std::string& waba_id,
                                                  const std::string& flow_id);
  // The flow named `name` in the WABA `waba_id`, or nullopt.
  StoreResult<std::optional<FlowRecord>> FindByName(const Partition& p, const std::string& waba_id,
                                                    const std::string& name);
  // Flows of the WABA after listing position `after_seq`, in creation order, without their
  // flow_json (a listing never needs the asset, which may be 10 MB).
  StoreResult<std::vector<FlowRecord>> ListAfter(const Partition& p, const std::string& waba_id,
                                                 int64_t after_seq, int limit);
  StoreResult<int64_t> Count(const Partition& p, const std::string& waba_id);

  // A flow anywhere by its id (admin endpoints), with its partition.
  StoreResult<std::optional<std::pair<Partition, FlowRecord>>> FindAnywhere(
      const std::string& flow_id);
  // The served URLs name flows by token alone (in any partition).
  StoreResult<std::optional<std::pair<Partition, FlowRecord>>> FindByPreviewToken(
      const std::string& token);
  StoreResult<std::optional<std::pair<Partition, FlowRecord>>> FindByAssetToken(
      const std::string& token);

 private:
  Database& db_;
};

}  // namespace socialite::storage
