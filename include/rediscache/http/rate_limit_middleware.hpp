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
  client_address,       // the visitor's address (see client_address())
  user,                 // the logged-in user; requests without one are not counted
  user_or_address,      // the user when logged in, else the address
  /// (both need session_middleware around the rate-limit middleware: config_error otherwise)
  route,                // everyone together: a global limit on the matching route
};

struct rate_limit_rule {
  /// The limiter: its name (part of the key), algorithm, limit, window, burst and fail mode
  /// (open: allow while Redis is unreachable; closed: deny).
  rate_limit_options limit;
  rate_limit_by by = rate_limit_by::client_address;
  /// Which requests count: methods (empty: all) and a path prefix (empty: all).
  std::vector<std::string> methods;
  std::string path_prefix;
  /// Overrides `by` when set: the identity to count, or nothing to skip the request.
  std::function<std::optional<std::string>(request&)> key;
};

struct rate_limit_middleware_options {
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
  rate_limit_middleware(const cache& store, rate_limit_middleware_options options);

  handler wrap(handler next) const;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace rediscache::http
