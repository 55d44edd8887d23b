#pragma once

#include <rediscache/http/response.hpp>

#include <chrono>
#include <optional>

namespace rediscache::http::detail {

// What decides whether and for how long a response may be stored.
struct cache_policy {
  bool storable = false;
  std::chrono::seconds timeout{0};
};

// Django's UpdateCacheMiddleware checks, made stricter where the issue asks: 200 only, no
// private, no-store or no-cache, no Set-Cookie, no "Vary: *", and a max-age of 0 means no store.
// Without max-age the timeout is fallback.
cache_policy storage_policy(const response& r, std::chrono::seconds fallback);

// Django's patch_response_headers plus validators: Expires and max-age when missing, an ETag
// (a hash of the body) and Last-Modified (now) when missing.
void add_freshness_headers(response& r, std::chrono::seconds timeout,
                           std::chrono::system_clock::time_point now);

}  // namespace rediscache::http::detail
