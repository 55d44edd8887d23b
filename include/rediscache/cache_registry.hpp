#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/cache_options.hpp>
#include <rediscache/client.hpp>
#include <rediscache/export.hpp>
#include <rediscache/url.hpp>

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

class executor_claim;

// One alias' configuration: where (a URL, or memory://) and how (keys, values, connections).
struct cache_settings {
  // The primary's URL: redis://, rediss://, unix:// or memory://.
  std::string location;
  // Further LOCATION entries: replicas. Accepted and kept for replica reads, which come later;
  // today every command goes to the primary.
  std::vector<std::string> replicas;
  cache_options cache;
  // Connection and pool options the URL starts from; what the URL states wins.
  client_options connection;
};

// Named caches, built from code, from URLs or from a JSON file shaped like Django's CACHES. Not a
// global: construct one and pass it where it is needed. Aliases whose connection options are
// identical share one pool; any difference gives a separate pool. Every member is thread-safe.
//
// get() hands out a cache handle (see cache), which shares the alias and keeps it alive: adding,
// replacing or removing aliases never invalidates a handle another thread is using. A replaced
// alias lives on, unchanged, for the handles obtained before the replacement; new handles see
// the new one. A pool closes once no alias uses it (the registry itself does not hold pools).
class REDISCACHE_API cache_registry {
 public:
  cache_registry();
  ~cache_registry();
  cache_registry(cache_registry&&) noexcept;
  cache_registry& operator=(cache_registry&&) noexcept;

  // Adds (or replaces) an alias and returns a handle to its cache.
  cache add(const std::string& alias, cache_settings settings);
  cache add(const std::string& alias, std::string_view url, cache_options options = {});
  // Removes an alias from the registry; handles already obtained keep working. True when the
  // alias existed.
  bool remove(std::string_view alias);

  // The CACHES dict as JSON: {"default": {"LOCATION": ..., "KEY_PREFIX": ..., "OPTIONS": {...}}}.
  // Throws config_error naming the alias and the setting that is wrong.
  static cache_registry from_json(const nlohmann::json& caches);
  static cache_registry from_json_text(std::string_view text);
  static cache_registry from_json_file(const std::string& path);

  // A handle to the alias' cache. Throws unknown_alias_error naming the alias.
  cache get(std::string_view alias) const;
  cache operator[](std::string_view alias) const { return get(alias); }
  cache default_cache() const { return get("default"); }
  // The alias' raw client (see client): same pool and topology, same codec, its key function.
  // unknown_alias_error, or unsupported_error for a memory:// alias.
  rediscache::client client(std::string_view alias) const;
  bool contains(std::string_view alias) const;
  std::vector<std::string> aliases() const;
  // Distinct connection pools in use by aliases (or by handles to replaced and removed aliases).
  std::size_t pool_count() const;

 private:
  std::shared_ptr<executor_claim> claim_for(const client_options& options);

  mutable std::unique_ptr<std::mutex> mutex_;
  std::map<std::string, cache, std::less<>> caches_;
  // By connection identity; weak, so a pool closes when its last alias closes or goes away.
  std::map<std::string, std::weak_ptr<executor_claim>> pools_;
};

// Parses one CACHES entry; exposed for tools that validate settings files.
REDISCACHE_API cache_settings settings_from_json(const std::string& alias, const nlohmann::json& entry);

}  // namespace rediscache
