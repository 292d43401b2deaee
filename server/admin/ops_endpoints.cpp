// GET/DELETE /_socialite/requests: the request journal, so a test can assert what its client
// sent. PUT/GET/DELETE /_socialite/faults: the fault injection rules. Both keep their own
// locks, so these endpoints run inline on the io thread and never wait for a handler.
#include <charconv>
#include <optional>
#include <string>

#include "server/admin/admin_api.h"
#include "server/core/json.h"
#include "server/ops/fault_injector.h"
#include "server/ops/request_journal.h"

namespace socialite {
namespace {

std::optional<std::string> QueryValue(const AdminCall& call, const char* name) {
  for (const auto& [key, value] : call.target.query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// A whole decimal number, or nullopt ("12a", "", "1e3" are not).
std::optional<int64_t> WholeNumber(const std::string& text) {
  int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

HttpResponse JournalOff() {
  return AdminError(404, "The request journal is not enabled in this server");
}

HttpResponse FaultsOff() {
  return AdminError(404, "Fault injection is not enabled in this server");
}

}  // namespace

HttpResponse ListRequestsEndpoint(AdminCall& call) {
  ops::RequestJournal* journal = call.hooks.journal;
  if (journal == nullptr) return JournalOff();
  ops::JournalQuery query;
  query.operation = QueryValue(call, "operation");
  if (auto text = QueryValue(call, "status")) {
    auto status = WholeNumber(*text);
    if (!status || *status < 100 || *status > 599) {
      return AdminError(400, "status must be an HTTP status code (100-599), not '" + *text + "'");
    }
    query.status = static_cast<int>(*status);
  }
  if (auto text = QueryValue(call, "since")) {
    query.since_ms = ops::ParseJournalTime(*text);
    if (!query.since_ms) {
      return AdminError(400,
                        "since must be an RFC 3339 time (2026-11-22T02:48:22Z) or epoch "
                        "milliseconds, not '" +
                            *text + "'");
    }
  }
  std::string capacity = std::to_string(journal->capacity());
  if (auto text = QueryValue(call, "limit")) {
    auto limit = WholeNumber(*text);
    if (!limit || *limit < 1 || static_cast<size_t>(*limit) > journal->capacity()) {
      return AdminError(400, "limit must be 1-" + capacity + ", not '" + *text + "'");
    }
    query.limit = static_cast<size_t>(*limit);
  }
  Value list = Value::List();
  for (const auto& entry : journal->Query(query)) list.Push(ops::RequestJournal::ToValue(entry));
  Value out = Value::Object();
  out.Set("requests", std::move(list));
  out.Set("capacity", static_cast<int64_t>(journal->capacity()));
  return AdminJson(200, out);
}

HttpResponse ClearRequestsEndpoint(AdminCall& call) {
  if (call.hooks.journal == nullptr) return JournalOff();
  size_t cleared = call.hooks.journal->Clear();
  return AdminJson(200, Value::Object().Set("cleared", static_cast<int64_t>(cleared)));
}

HttpResponse GetFaultsEndpoint(AdminCall& call) {
  if (call.hooks.faults == nullptr) return FaultsOff();
  return AdminJson(200, call.hooks.faults->ToValue());
}

HttpResponse PutFaultsEndpoint(AdminCall& call) {
  if (call.hooks.faults == nullptr) return FaultsOff();
  // Not AdminBody: a bare list of rules is accepted as well as {"rules":[...]}.
  if (call.request.body.empty()) {
    return AdminError(400, "The body must be {\"rules\":[...]} or a list of rules");
  }
  Result<Value> body = ParseJson(call.request.body);
  if (!body.ok()) return AdminError(400, body.error().message);
  Status replaced = call.hooks.faults->Replace(*body);
  if (!replaced.ok()) return AdminError(400, replaced.error().message);
  return AdminJson(200, call.hooks.faults->ToValue());
}

HttpResponse ClearFaultsEndpoint(AdminCall& call) {
  if (call.hooks.faults == nullptr) return FaultsOff();
  size_t cleared = call.hooks.faults->Clear();
  return AdminJson(200, Value::Object().Set("cleared", static_cast<int64_t>(cleared)));
}

}  // namespace socialite
