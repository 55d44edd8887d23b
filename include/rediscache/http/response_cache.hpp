#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/http/response.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace rediscache::http {

/// response_cache settings, named after Django's.
struct response_cache_options {
  /// Separates routes or sites sharing one cache (CACHE_MIDDLEWARE_KEY_PREFIX, cache_page's
  /// key_prefix).
  std::string key_prefix;
  /// How long a page is kept when its response has no Cache-Control max-age
  /// (CACHE_MIDDLEWARE_SECONDS, cache_page's timeout). A max-age in the response wins.
  std::chrono::seconds timeout{600};
  /// Pages larger than this are zlib-compressed before storing, unless the cache alias has a
  /// compressor of its own (which then compresses them).
  std::size_t compress_above = 1024;
  /// Adds "X-Cache: HIT" with an Age header to pages served from the cache, "X-Cache: MISS" to
  /// pages just stored.
  bool evidence_headers = true;
  /// A Redis failure makes the page uncached instead of failing the request (the error is logged).
  bool fail_open = true;
};

/// Django's cache middleware and cache_page over one cache alias. Only GET and HEAD are cached,
/// only 200 responses without private, no-store or no-cache, without Set-Cookie and without
/// "Vary: *". The key holds the method, the full URL and the values of the request headers the
/// response named in Vary, learnt per URL. Stored pages get Expires, Cache-Control max-age, ETag
/// and Last-Modified, and conditional requests (If-None-Match, If-Modified-Since) get 304.
/// Concurrent misses of one page in this process call the view once. Thread-safe; copies share
/// their state.
class response_cache {
 public:
  /// Pages kept in store.
  explicit response_cache(const cache& store, response_cache_options options = {});

  /// The view wrapped (cache_page(view)).
  handler wrap(handler next) const;

  /// Forgets every stored variant of this full URL ("http://host/path?query"): all methods, all
  /// Vary values, and the learnt header list. Returns how many keys were removed.
  std::size_t invalidate(std::string_view full_url) const;
  /// Forgets every page whose full URL starts with url_prefix ("http://host/products/").
  std::size_t invalidate_prefix(std::string_view url_prefix) const;

  /// The settings given at construction.
  const response_cache_options& options() const noexcept;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace rediscache::http
