// For handlers that run on a worker because they wait on an S3 endpoint (HandlerEntry::
// waits_on_network): their database steps go to a read snapshot or to the writer, so that
// neither waits for the network. Without a StateAccess (a handler called directly, as unit
// tests do) a step runs on the context's own connection.
#pragma once

#include <functional>

#include "server/handlers/request_context.h"

namespace socialite {

using StateStep = std::function<Status(RequestContext&)>;

Status ReadState(RequestContext& ctx, const StateStep& step);
Status WriteState(RequestContext& ctx, const StateStep& step);

}  // namespace socialite
