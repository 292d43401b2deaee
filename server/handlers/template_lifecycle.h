// Template lifecycle: status changes (review verdicts, manual review, pauses) and the
// message_template_status_update / quality events they produce, written in the caller's
// transaction so an event exists exactly when the change does.
#pragma once

#include <optional>
#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

// Sets `t`'s status (and rejection reason), clears any pending review, stores it, and
// appends the status event. REQUIRES: an open transaction.
Status ChangeTemplateStatus(Services& services, const storage::Partition& partition,
                            storage::TemplateRecord& t, const std::string& status,
                            const std::optional<std::string>& reason);

// Appends a message_template_status_update event for `t` with `event` (e.g. "DELETED").
Status RecordTemplateEvent(Services& services, const storage::Partition& partition,
                           const storage::TemplateRecord& t, const std::string& event,
                           const std::optional<std::string>& reason);

// Appends an account-level event (template updates) of the WABA `waba_id`.
Status RecordWabaEvent(Services& services, const storage::Partition& partition,
                       const std::string& waba_id, const std::string& kind,
                       const std::string& field, Value value);

// Reviews every template whose automatic review is due (its own transaction).
Status RunDueTemplateReviews(Services& services);

// When an automatic review of a template changed now falls due (nullopt in manual mode).
std::optional<int64_t> NextReviewDue(const Services& services);

// A fresh Meta-style numeric id (16 digits).
std::string NewMetaId(IdGenerator& ids);

}  // namespace socialite
