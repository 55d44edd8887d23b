#pragma once

// The shop's views: framework-neutral handlers over the cache, the session and a Redis client.
#include <rediscache/cache.hpp>
#include <rediscache/client.hpp>
#include <rediscache/http/response.hpp>
#include <rediscache/ratelimit/rate_limit_decision.hpp>

#include <string>

namespace shop {

struct services {
  rediscache::cache store;    // pages, fragments, memoized results, sessions and rate limits
  rediscache::client redis;   // direct commands: the leaderboard's sorted set
};

using rediscache::http::request;
using rediscache::http::response;

// Catalogue pages: they read no session, so one cached copy serves every visitor (per language).
response product_list(services& s, request& r);
response product_detail(services& s, request& r);
// The session's pages and actions.
response login_form(services& s, request& r);
response login_submit(services& s, request& r);
response logout_submit(services& s, request& r);
response cart_page(services& s, request& r);
response cart_add(services& s, request& r);
response cart_api(services& s, request& r);
response leaderboard(services& s, request& r);
// The 429 page of the login limit.
response too_many_logins(const request& r, const rediscache::rate_limit_decision& d);

}  // namespace shop
