// The Date header every response carries (RFC 9110 §6.6.1): the real time, whatever the
// simulation's clock says, since SDKs correct their clock skew from it.
#pragma once

#include <cstdint>
#include <string>

namespace socialite::net {

// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string ImfFixdate(int64_t epoch_seconds);

// The current real time as IMF-fixdate; formatted at most once a second per thread.
const std::string& CurrentHttpDate();

}  // namespace socialite::net
