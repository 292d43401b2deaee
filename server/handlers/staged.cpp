#include "server/handlers/staged.h"

#include "server/exec/state_access.h"

namespace socialite {
namespace {

exec::StateJob OnConnection(RequestContext& ctx, const StateStep& step) {
  return [&ctx, &step](Services& services) {
    RequestContext bound{ctx.partition, ctx.request_id, services, ctx.origin};
    return step(bound);
  };
}

}  // namespace

Status ReadState(RequestContext& ctx, const StateStep& step) {
  if (ctx.services.state == nullptr) return step(ctx);
  return ctx.services.state->Read(OnConnection(ctx, step));
}

Status WriteState(RequestContext& ctx, const StateStep& step) {
  if (ctx.services.state == nullptr) return step(ctx);
  return ctx.services.state->Write(OnConnection(ctx, step));
}

}  // namespace socialite
