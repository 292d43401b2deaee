// Tags on WABAs and phone numbers, addressed by ARN.
#include <set>

#include "server/handlers/handler_table.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/views.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/tag_store.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

// The stored id of the resource an ARN names in this partition; InvalidParameters otherwise
// (the tag operations list no ResourceNotFoundException).
Result<std::string> ResolveTaggable(RequestContext& ctx, const std::string& arn) {
  auto ref = ArnMatchesPartition(arn, ctx.partition) ? ResourceFromArn(arn) : std::nullopt;
  bool exists = false;
  if (ref && ref->kind == ResourceKind::kWaba) {
    ASSIGN_OR_RETURN(auto waba,
                     FromStore(storage::WabaStore(ctx.services.db).Find(ctx.partition, ref->id)));
    exists = waba.has_value();
  } else if (ref) {
    ASSIGN_OR_RETURN(
        auto number,
        FromStore(storage::PhoneNumberStore(ctx.services.db).Find(ctx.partition, ref->id)));
    exists = number.has_value();
  }
  if (!exists) {
    return InvalidParameters("The resource '" + arn +
                             "' is not a WhatsApp Business Account or phone number in this "
                             "account and region");
  }
  return ref->id;
}

}  // namespace

Result<Value> TagResource(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(std::string resource_id, ResolveTaggable(ctx, *input.GetString("resourceArn")));
  std::vector<storage::TagRecord> tags = TagsFrom(input.Get("tags"));
  storage::TagStore store(ctx.services.db);
  ASSIGN_OR_RETURN(auto existing, FromStore(store.List(ctx.partition, resource_id)));
  std::set<std::string> keys;
  for (const auto& t : existing) keys.insert(t.key);
  for (const auto& t : tags) keys.insert(t.key);
  if (keys.size() > kMaxTagsPerResource) {
    return InvalidParameters("A resource can have at most " + std::to_string(kMaxTagsPerResource) +
                             " tags; this request would leave it with " +
                             std::to_string(keys.size()));
  }
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(store.Put(ctx.partition, resource_id, tags)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return StatusCodeOk();
}

Result<Value> UntagResource(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(std::string resource_id, ResolveTaggable(ctx, *input.GetString("resourceArn")));
  std::vector<std::string> keys;
  for (const auto& key : input.Get("tagKeys")->AsList()) keys.push_back(key.AsString());
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(
      FromStore(storage::TagStore(ctx.services.db).Remove(ctx.partition, resource_id, keys)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return StatusCodeOk();
}

Result<Value> ListTagsForResource(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(std::string resource_id, ResolveTaggable(ctx, *input.GetString("resourceArn")));
  ASSIGN_OR_RETURN(auto tags,
                   FromStore(storage::TagStore(ctx.services.db).List(ctx.partition, resource_id)));
  Value out = StatusCodeOk();
  out.Set("tags", TagsView(tags));
  return out;
}

}  // namespace socialite
