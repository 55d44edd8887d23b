#pragma once

#include <rediscache/export.hpp>
#include <rediscache/ratelimit/rate_limit_decision.hpp>

#include <string>
#include <utility>
#include <vector>

namespace rediscache {

/// A response header: its name and its value.
using http_header = std::pair<std::string, std::string>;

/// The response headers of draft-ietf-httpapi-ratelimit-headers for one decision, in this order:
/// RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (seconds until the quota is whole again,
/// rounded up), and Retry-After (seconds, rounded up) only when the request was denied and can
/// succeed later (not for a decision that is never_allowed()).
REDISCACHE_API std::vector<http_header> rate_limit_headers(const rate_limit_decision& decision);

}  // namespace rediscache
