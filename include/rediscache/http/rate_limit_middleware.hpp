#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/http/client_address.hpp>
#include <rediscache/http/response.hpp>
#include <rediscache/ratelimit/rate_limit_decision.hpp>
#include <rediscache/ratelimit/rate_limit_options.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::http {

/// Whom a limit counts.
enum class rate_limit_by {
  client_address,       ///< the visitor's address (see client_address())
  /// the logged-in user; requests without one are not counted (needs session_middleware around
  /// the rate-limit middleware: config_error otherwise)
  user,
  /// the user when logged in, else the address (needs session_middleware around the rate-limit
  /// middleware: config_error otherwise)
  user_or_address,
  route,                ///< everyone together: a global limit on the matching route
};

/// One limit of rate_limit_middleware and the requests it counts.
struct rate_limit_rule {
  /// The limiter: its name (part of the key), algorithm, limit, window, burst and fail mode
  /// (open: allow while Redis is unreachable; closed: deny).
  rate_limit_options limit;
  /// Whom the limit counts.
  rate_limit_by by = rate_limit_by::client_address;
  ///@{
  /// Which requests count: methods (empty: all) and a path prefix (empty: all).
  std::vector<std::string> methods;
  std::string path_prefix;
  ///@}
  /// Overrides `by` when set: the identity to count, or nothing to skip the request.
  std::function<std::optional<std::string>(request&)> key;
};

/// rate_limit_middleware settings.
struct rate_limit_middleware_options {
  /// The limits; a request is counted by every rule it matches.
  std::vector<rate_limit_rule> rules;
  /// Proxies whose X-Forwarded-For / Forwarded are believed ("10.0.0.0/8", "::1").
  std::vector<std::string> trusted_proxies;
  /// The 429 page; the middleware adds Retry-After and the RateLimit headers to it.
  std::function<response(const request&, const rate_limit_decision&)> denied_page;
};

/// Rate limits in front of a handler. Every matching rule is asked; a request denied by any is
/// answered 429 with Retry-After and RateLimit-Limit/-Remaining/-Reset of the limit that frees up
/// last, without calling the handler. Allowed responses carry the RateLimit headers of the limit
/// closest to running out. Thread-safe.
class rate_limit_middleware {
 public:
  /// Counters kept in store. Throws config_error for a malformed trusted proxy or limit.
  rate_limit_middleware(const cache& store, rate_limit_middleware_options options);

  /// The handler wrapped: denied requests are answered 429 without calling it.
  handler wrap(handler next) const;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace rediscache::http
