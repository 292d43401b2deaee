// What a handler gets besides its input: who is asking (partition), and the services it may
// use (storage, clock, ids). Handlers see no HTTP, JSON or SQL types.
#pragma once

#include <functional>
#include <string>

#include "server/config/options.h"
#include "server/core/clock.h"
#include "server/core/id_generator.h"
#include "server/core/result.h"
#include "server/core/value.h"
#include "storage/database.h"
#include "storage/records.h"

namespace socialite {

namespace whatsapp {
class TemplateLibrary;
}
namespace objectstore {
class ObjectStore;
}
namespace events {
class RuleBook;
struct StatusDelays;
}  // namespace events

namespace exec {
class StateAccess;
}
namespace live {
class NoticeSink;
}

// Long-lived services shared by all requests, bound to one database connection: the writer's,
// or a reader's (see server/exec/). `db` may only be used on the thread that owns it.
struct Services {
  storage::Database& db;
  Clock& clock;
  IdGenerator& ids;
  const Options& options;
  // Messaging services; null where a test does not need them.
  const whatsapp::TemplateLibrary* library = nullptr;
  objectstore::ObjectStore* objects = nullptr;
  // Events: status rules and delays; a nudge for the dispatcher after new events commit.
  events::RuleBook* rules = nullptr;
  const events::StatusDelays* status_delays = nullptr;
  std::function<void()> notify_events = nullptr;
  // True on a read-only connection: work that must change state first asks for the writer
  // (NeedsWriter()).
  bool read_only = false;
  // The way to the writer and the readers for code that runs on neither: set by the dispatcher
  // for the handlers it runs on a worker (see handlers/staged.h).
  exec::StateAccess* state = nullptr;
  // Where notices for the live stream go (live/notice.h); on the writer, a buffer flushed
  // after the COMMIT. Null: no live stream.
  live::NoticeSink* live = nullptr;
};

// A copy of `services` bound to another connection.
inline Services BindServices(const Services& services, storage::Database& db) {
  return Services{db,
                  services.clock,
                  services.ids,
                  services.options,
                  services.library,
                  services.objects,
                  services.rules,
                  services.status_delays,
                  services.notify_events,
                  services.read_only,
                  services.state,
                  services.live};
}

struct RequestContext {
  storage::Partition partition;
  std::string request_id;
  Services& services;
  // "http://host:port" as the client reached the server, for URLs Socialite serves itself
  // (flow previews and asset downloads); empty where no request is behind the call.
  std::string origin;
};

// One function per operation: typed input (as bound and validated) -> output members.
using Handler = std::function<Result<Value>(RequestContext&, const Value& input)>;

}  // namespace socialite
