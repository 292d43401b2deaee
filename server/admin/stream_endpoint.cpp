// GET /_socialite/stream: the live stream (server-sent events) of what happens in the emulator,
// filtered by the query (types, phoneNumberId, wamid), resuming after Last-Event-ID (the header,
// or lastEventId in the query). Runs on the writer (the first stream wakes the live hub, see
// live/live_hub.h) and answers at once; the body then flows from the hub.
#include <charconv>
#include <memory>
#include <string_view>

#include "server/admin/admin_api.h"
#include "server/handlers/resource_ids.h"
#include "server/live/event_stream.h"
#include "server/live/live_hub.h"
#include "server/live/notices.h"
#include "storage/event_store.h"

namespace socialite {
namespace {

constexpr char kKnownTypes[] = "message, inbound, status, event, request, template, clock, reset";

// A comma list of notice types as filter bits; the first unknown name when there is one.
Result<uint32_t> TypeBits(std::string_view list) {
  uint32_t bits = 0;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) continue;
    std::optional<uint32_t> bit = live::TypeBit(name);
    if (!bit) {
      return InvalidParameters("types: unknown type '" + std::string(name) +
                               "' (known: " + kKnownTypes + ")");
    }
    bits |= *bit;
  }
  return bits;
}

std::optional<uint64_t> EventId(std::string_view text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

HttpResponse LiveStreamEndpoint(AdminCall& call) {
  live::LiveHub* hub = call.hooks.live;
  if (hub == nullptr) return AdminError(404, "This server has no live stream");
  live::Filter filter;
  std::optional<std::string> last_event_id;
  bool types_given = false;
  for (const auto& [key, value] : call.target.query) {
    if (key == "types") {
      Result<uint32_t> bits = TypeBits(value);
      if (!bits.ok()) return AdminError(400, bits.error().message);
      // Several `types` parameters add up; an empty one means every type.
      filter.types = (types_given ? filter.types : 0) | (*bits != 0 ? *bits : live::kAllTypes);
      types_given = true;
    } else if (key == "phoneNumberId") {
      filter.phone_number_id = PhoneNumberIdFrom(value).value_or(value);
    } else if (key == "wamid") {
      filter.wamid = value;
    } else if (key == "lastEventId") {
      last_event_id = value;
    } else if (key != "token") {
      return AdminError(400, "Unknown parameter '" + key +
                                 "' (known: types, phoneNumberId, wamid, lastEventId, token)");
    }
  }
  // EventSource sends the header on a reconnect: newer than the URL's parameter.
  std::string_view header = call.request.Header("Last-Event-ID");
  if (!header.empty()) last_event_id = std::string(header);
  std::optional<uint64_t> last_seen;
  if (last_event_id && !last_event_id->empty()) {
    last_seen = EventId(*last_event_id);
    if (!last_seen) {
      return AdminError(400, "Last-Event-ID must be the id of a frame of this stream, not '" +
                                 last_event_id->substr(0, 40) + "'");
    }
  }
  if (hub->Activate()) {
    // The first stream wakes the hub. Runs on the writer, between batches: what committed
    // before is in the database, what commits after is told.
    auto scheduled =
        storage::EventStore(call.services.db).StatusesAfter(call.services.clock.NowMillis());
    if (scheduled.ok()) {
      for (const storage::EventRecord& event : scheduled.value()) {
        live::Publish(call.services.live, [&] { return live::StoredStatusNotice(event); });
      }
    }
  }
  std::shared_ptr<live::LiveFeed::Subscriber> subscriber =
      hub->feed().Subscribe(std::move(filter), last_seen);
  if (subscriber == nullptr) {
    return AdminError(503, "Too many live streams are open (at most " +
                               std::to_string(hub->feed().max_subscribers()) +
                               "); close one and retry");
  }
  HttpResponse response;
  response.SetHeader("Content-Type", "text/event-stream");
  response.SetHeader("Cache-Control", "no-cache");
  // Proxies that buffer (nginx) would hold the frames back.
  response.SetHeader("X-Accel-Buffering", "no");
  response.stream = std::make_shared<live::EventStream>(std::move(subscriber),
                                                        last_seen.has_value(), hub->keep_alive());
  return response;
}

}  // namespace socialite
