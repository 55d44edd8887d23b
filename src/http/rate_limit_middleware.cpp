#include <rediscache/http/rate_limit_middleware.hpp>

#include <rediscache/error.hpp>
#include <rediscache/http/session_middleware.hpp>
#include <rediscache/ratelimit/rate_limit_headers.hpp>
#include <rediscache/ratelimit/rate_limiter.hpp>

namespace rediscache::http {
namespace {

struct limit {
  rate_limit_rule rule;
  rate_limiter limiter;
};

bool matches(const rate_limit_rule& rule, const request& req) {
  if (req.path.compare(0, rule.path_prefix.size(), rule.path_prefix) != 0) return false;
  if (rule.methods.empty()) return true;
  for (const auto& m : rule.methods) {
    if (iequals(m, req.method)) return true;
  }
  return false;
}

response default_denied_page(const request&, const rate_limit_decision&) {
  return response::text(429, "Too many requests. Please try again later.\n");
}

void add_headers(response& r, const rate_limit_decision& d) {
  for (auto& [name, value] : rate_limit_headers(d)) r.headers.set(name, value);
}

}  // namespace

struct rate_limit_middleware::state {
  std::vector<limit> limits;
  std::vector<ip_network> proxies;
  std::function<response(const request&, const rate_limit_decision&)> denied_page;

  std::optional<std::string> identity(const rate_limit_rule& rule, request& req) const {
    if (rule.key) return rule.key(req);
    bool needs_user = rule.by == rate_limit_by::user || rule.by == rate_limit_by::user_or_address;
    if (needs_user && req.session == nullptr) {
      // Without the session every request would look anonymous and the limit would never count.
      throw config_error("rate limit '" + rule.limit.name +
                         "' counts users: put the session middleware around it");
    }
    switch (rule.by) {
      case rate_limit_by::client_address:
        return "addr:" + client_address(req, proxies);
      case rate_limit_by::user: {
        auto user = logged_in_user(req);
        if (!user) return std::nullopt;
        return "user:" + *user;
      }
      case rate_limit_by::user_or_address: {
        auto user = logged_in_user(req);
        return user ? "user:" + *user : "addr:" + client_address(req, proxies);
      }
      case rate_limit_by::route:
        return std::string("route");
    }
    return std::nullopt;
  }
};

rate_limit_middleware::rate_limit_middleware(const cache& store,
                                             rate_limit_middleware_options options)
    : state_(std::make_shared<state>()) {
  for (auto& rule : options.rules) {
    rate_limiter limiter(store, rule.limit);
    state_->limits.push_back(limit{std::move(rule), std::move(limiter)});
  }
  for (const auto& proxy : options.trusted_proxies) state_->proxies.emplace_back(proxy);
  state_->denied_page =
      options.denied_page ? std::move(options.denied_page) : default_denied_page;
}

handler rate_limit_middleware::wrap(handler next) const {
  return [st = state_, next = std::move(next)](request& req) -> response {
    std::optional<rate_limit_decision> denied;
    std::optional<rate_limit_decision> tightest;
    for (auto& l : st->limits) {
      if (!matches(l.rule, req)) continue;
      auto id = st->identity(l.rule, req);
      if (!id) continue;
      rate_limit_decision d = l.limiter.decide(*id);
      if (!d.allowed) {
        if (!denied || d.retry_after > denied->retry_after) denied = d;
      } else if (!d.degraded && (!tightest || d.remaining < tightest->remaining)) {
        tightest = d;
      }
    }
    if (denied) {
      response r = st->denied_page(req, *denied);
      r.status = 429;
      add_headers(r, *denied);
      return r;
    }
    response r = next(req);
    if (tightest) add_headers(r, *tightest);
    return r;
  };
}

}  // namespace rediscache::http
