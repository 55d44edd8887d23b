#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/cache_options.hpp>
#include <rediscache/client.hpp>
#include <rediscache/export.hpp>
#include <rediscache/topology.hpp>
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

/// One alias' configuration: where (a URL, or memory://) and how (keys, values, connections).
struct cache_settings {
  /// The first LOCATION: redis://, rediss://, unix:// or memory:// for one server, the primary
  /// (replicas) or the first shard (sharded); "redis://service_name/db" for sentinel (may be empty
  /// when topology.sentinel.service is set); a seed for cluster (may be empty when
  /// topology.cluster.seeds is set); or a redis+sentinel:// or redis+cluster:// URL, which sets
  /// the topology itself.
  std::string location;
  /// The deployment: kind, further LOCATIONs (topology.nodes: replicas or shards), and the kind's
  /// options. One server by default.
  topology_options topology;
  /// The alias' cache options (prefix, version, timeout, serializer, ...).
  cache_options cache;
  /// Connection and pool options the URLs start from; what a URL states wins. They apply to every
  /// data node.
  client_options connection;
};

/// Named caches, built from code, from URLs or from a JSON file shaped like Django's CACHES. Not a
/// global: construct one and pass it where it is needed. Aliases whose connection options and
/// topology are identical share one executor (its pools); any difference gives a separate one.
/// Every member is thread-safe.
///
/// get() hands out a cache handle (see cache), which shares the alias and keeps it alive: adding,
/// replacing or removing aliases never invalidates a handle another thread is using. A replaced
/// alias lives on, unchanged, for the handles obtained before the replacement; new handles see
/// the new one. A pool closes once no alias uses it (the registry itself does not hold pools).
class REDISCACHE_API cache_registry {
 public:
  cache_registry();
  ~cache_registry();
  ///@{
  /// Movable; handles obtained before stay valid.
  cache_registry(cache_registry&&) noexcept;
  cache_registry& operator=(cache_registry&&) noexcept;
  ///@}

  /// Adds (or replaces) an alias and returns a handle to its cache.
  cache add(const std::string& alias, cache_settings settings);
  /// Adds (or replaces) an alias on the server of \p url (see cache::from_url).
  cache add(const std::string& alias, std::string_view url, cache_options options = {});
  /// Removes an alias from the registry; handles already obtained keep working. True when the
  /// alias existed.
  bool remove(std::string_view alias);

  /// The CACHES dict as JSON: {"default": {"LOCATION": ..., "KEY_PREFIX": ..., "OPTIONS": {...}}}.
  /// Throws config_error naming the alias and the setting that is wrong.
  static cache_registry from_json(const nlohmann::json& caches);
  /// As from_json(), from JSON text.
  static cache_registry from_json_text(std::string_view text);
  /// As from_json(), from a JSON file; config_error when it cannot be read.
  static cache_registry from_json_file(const std::string& path);

  /// A handle to the alias' cache. Throws unknown_alias_error naming the alias.
  cache get(std::string_view alias) const;
  /// \copydoc get
  cache operator[](std::string_view alias) const { return get(alias); }
  /// The alias "default".
  cache default_cache() const { return get("default"); }
  /// The alias' raw client (see client): same pool and topology, same codec, its key function.
  /// unknown_alias_error, or unsupported_error for a memory:// alias.
  rediscache::client client(std::string_view alias) const;
  /// Whether the alias exists.
  bool contains(std::string_view alias) const;
  /// The aliases, sorted.
  std::vector<std::string> aliases() const;
  /// Distinct executors (one pool per server) in use by aliases (or by handles to replaced and
  /// removed aliases).
  std::size_t pool_count() const;

 private:
  mutable std::unique_ptr<std::mutex> mutex_;
  std::map<std::string, cache, std::less<>> caches_;
  /// By connection and topology identity; weak, so an executor closes when its last alias closes
  /// or goes away.
  std::map<std::string, std::weak_ptr<executor_claim>> pools_;
};

/// Parses one CACHES entry; exposed for tools that validate settings files.
REDISCACHE_API cache_settings settings_from_json(const std::string& alias, const nlohmann::json& entry);

}  // namespace rediscache
