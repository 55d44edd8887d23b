// The CACHES dict of a Django settings module, as JSON, read into cache_settings. Both
// django-redis' OPTIONS (upper case) and Django's built-in RedisCache OPTIONS (lower-case pool
// arguments) are understood; anything else is an error naming the alias and the key.
#include "cache/memory_url.hpp"
#include "cache/settings_reader.hpp"
#include "config/validate.hpp"
#include "quote.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>

namespace rediscache {
namespace {

using namespace detail::settings;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

bool is_backend_memory(const std::string& backend) {
  return backend == "django.core.cache.backends.locmem.LocMemCache" ||
         backend == "rediscache.memory";
}

bool is_backend_redis(const std::string& backend) {
  return backend == "django_redis.cache.RedisCache" ||
         backend == "django.core.cache.backends.redis.RedisCache" || backend == "rediscache.redis";
}

std::vector<std::string> split_locations(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of(",;", start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) parts.push_back(part);
    start = end + 1;
  }
  return parts;
}


double xfetch_beta(const reader& r, const std::string& key, const json& v) {
  if (!v.is_number()) r.fail(key, "must be a number (0 turns XFetch off, 1 is the usual choice)");
  const double beta = v.get<double>();
  if (!std::isfinite(beta) || beta < 0) r.fail(key, v.dump() + " must not be negative");
  return beta;
}

// true, false, or {"MAX_ENTRIES": n, "MAX_BYTES": n} (which turns it on).
void apply_near_cache(const reader& r, const std::string& key, const json& v,
                      near_cache_options& near) {
  if (v.is_boolean()) {
    near.enabled = v.get<bool>();
    return;
  }
  if (!v.is_object()) r.fail(key, "must be true, false or an object");
  near.enabled = true;
  for (const auto& [name, value] : v.items()) {
    const std::string full = key + " " + name;
    if (name == "MAX_ENTRIES") near.max_entries = static_cast<std::size_t>(r.whole(full, value, 1, int64_max));
    else if (name == "MAX_BYTES") near.max_bytes = static_cast<std::size_t>(r.whole(full, value, 1, int64_max));
    else r.fail(full, "is not a near cache setting rediscache knows (MAX_ENTRIES, MAX_BYTES)");
  }
}

void apply_option(const reader& r, const std::string& key, const json& v, cache_settings& s,
                  topology_settings& t) {
  cache_options& o = s.cache;
  if (read_topology_option(r, key, v, t)) return;
  if (key == "SERIALIZER") o.serializer = parse_serializer_kind(r.text(key, v));
  else if (key == "COMPRESSOR") o.compression.kind = parse_compressor_kind(r.text(key, v));
  else if (key == "COMPRESS_MIN_LENGTH") o.compression.min_bytes = static_cast<std::size_t>(r.whole(key, v, 0, int64_max));
  else if (key == "COMPRESS_LEVEL") o.compression.level = static_cast<int>(r.whole(key, v, 0, INT_MAX));
  else if (key == "IGNORE_EXCEPTIONS") o.ignore_exceptions = r.flag(key, v);
  else if (key == "LOG_IGNORED_EXCEPTIONS") o.log_ignored_exceptions = r.flag(key, v);
  else if (key == "SCAN_ITERSIZE") o.scan_batch = static_cast<std::size_t>(r.whole(key, v, 1, int64_max));
  else if (key == "PASSWORD") s.connection.connection.password = r.text(key, v);
  else if (key == "USERNAME") s.connection.connection.user = r.text(key, v);
  else if (key == "SOCKET_TIMEOUT") s.connection.connection.socket_timeout = r.wait(key, v, false);
  else if (key == "SOCKET_CONNECT_TIMEOUT") s.connection.connection.connect_timeout = r.wait(key, v, false);
  else if (key == "EXECUTOR") {
    const std::string kind = r.text(key, v);
    if (kind == "pooled") s.connection.executor = executor_kind::pooled;
    else if (kind == "multiplexed") s.connection.executor = executor_kind::multiplexed;
    else r.fail(key, "must be \"pooled\" or \"multiplexed\", not " + detail::quote_for_message(kind));
  }
  else if (key == "MAX_ENTRIES") {
    if (s.location != "memory://") r.fail(key, "applies only to the in-memory backend");
    s.location += "?max_entries=" + std::to_string(r.whole(key, v, 1, int64_max));
  }
  else if (key == "NEAR_CACHE") apply_near_cache(r, key, v, o.near_cache);
  else if (key == "XFETCH_BETA") o.stampede.xfetch_beta = xfetch_beta(r, key, v);
  else if (key == "STAMPEDE_LOCK") o.stampede.lock_across_processes = r.flag(key, v);
  else if (key == "CONNECTION_POOL_KWARGS") {
    if (!v.is_object()) r.fail(key, "must be an object");
    for (const auto& [name, value] : v.items()) apply_pool_argument(r, name, value, s.connection);
  } else if (!key.empty() && std::islower(static_cast<unsigned char>(key[0]))) {
    apply_pool_argument(r, key, v, s.connection);
  } else {
    r.fail("OPTIONS " + key, "is not a setting rediscache knows");
  }
}

}  // namespace

namespace detail::settings {

void apply_pool_argument(const reader& r, const std::string& key, const json& v, client_options& c) {
  if (key == "db") c.connection.db = static_cast<int>(r.whole(key, v, 0, INT_MAX));
  else if (key == "username") c.connection.user = r.text(key, v);
  else if (key == "password") c.connection.password = r.text(key, v);
  else if (key == "client_name") c.connection.client_name = r.text(key, v);
  else if (key == "socket_timeout") c.connection.socket_timeout = r.wait(key, v, false);
  else if (key == "socket_connect_timeout") c.connection.connect_timeout = r.wait(key, v, false);
  else if (key == "max_connections") c.pool.max_connections = static_cast<std::size_t>(r.whole(key, v, 1, INT_MAX));
  else if (key == "pool_timeout") c.pool.pool_timeout = r.wait(key, v, true);
  else if (key == "health_check_interval") c.pool.health_check_interval = r.wait(key, v, true);
  else if (key == "retry_on_timeout") c.pool.retry.retry_on_timeout = r.flag(key, v);
  else if (key == "ssl_ca_certs") c.connection.tls.ca_file = r.text(key, v);
  else if (key == "ssl_certfile") c.connection.tls.cert_file = r.text(key, v);
  else if (key == "ssl_keyfile") c.connection.tls.key_file = r.text(key, v);
  else if (key == "ssl_check_hostname") {
    if (!r.flag(key, v) && c.connection.tls.verify == tls_verify::full) {
      c.connection.tls.verify = tls_verify::peer_only;
    }
  } else if (key == "ssl_cert_reqs") {
    if (v.is_null()) c.connection.tls.verify = tls_verify::none;  // django-redis' {"ssl_cert_reqs": None}
    else {
      std::string reqs = r.text(key, v);
      if (reqs == "none") c.connection.tls.verify = tls_verify::none;
      else if (reqs != "required" && reqs != "optional") r.fail(key, "must be none, optional or required");
    }
  } else {
    r.fail("OPTIONS " + key, "is not a connection option rediscache knows");
  }
}

}  // namespace detail::settings

cache_settings settings_from_json(const std::string& alias, const json& entry) {
  reader r(alias);
  if (!entry.is_object()) r.fail("settings", "must be a JSON object");
  cache_settings s;
  std::string backend;
  if (entry.contains("BACKEND")) backend = r.text("BACKEND", entry["BACKEND"]);
  if (!backend.empty() && !is_backend_memory(backend) && !is_backend_redis(backend)) {
    r.fail("BACKEND",
           detail::quote_for_message(backend) + " is not a Redis or in-memory cache backend");
  }
  std::vector<std::string> locations;
  for (const auto& [key, v] : entry.items()) {
    if (key == "BACKEND" || key == "OPTIONS") continue;
    if (key == "LOCATION") {
      if (v.is_string()) locations = split_locations(v.get<std::string>());
      else if (v.is_array()) {
        for (const auto& item : v) locations.push_back(r.text("LOCATION entry", item));
      } else {
        r.fail("LOCATION", "must be a URL or a list of URLs");
      }
      if (is_backend_memory(backend)) continue;  // LocMemCache's LOCATION is only a name
      if (locations.empty()) r.fail("LOCATION", "is empty");
      s.location = locations.front();
    } else if (key == "KEY_PREFIX") {
      s.cache.key_prefix = r.text(key, v);
    } else if (key == "VERSION") {
      // The range of cache_options::version, whatever its type, so no value silently wraps.
      using version_type = decltype(s.cache.version);
      constexpr std::int64_t highest = std::numeric_limits<version_type>::max();
      s.cache.version = static_cast<version_type>(r.whole(key, v, -highest, highest));
    } else if (key == "TIMEOUT") {
      s.cache.default_timeout =
          v.is_null() ? cache_timeout::forever()
                      : cache_timeout(r.seconds(key, v, true, detail::max_cache_timeout));
    } else if (key == "KEY_FUNCTION" || key == "REVERSE_KEY_FUNCTION") {
      r.fail(key, "is Python code; set cache_options::make_key/reverse_key in C++ instead");
    } else {
      r.fail(key, "is not a CACHES setting rediscache knows");
    }
  }
  if (is_backend_memory(backend)) s.location = "memory://";
  if (s.location.empty()) r.fail("LOCATION", "is missing");
  topology_settings topology;
  if (entry.contains("OPTIONS")) {
    const json& options = entry["OPTIONS"];
    if (!options.is_object()) r.fail("OPTIONS", "must be an object");
    for (const auto& [key, v] : options.items()) apply_option(r, key, v, s, topology);
  }
  if (!detail::is_memory_url(s.location)) apply_topology(r, locations, topology, s);
  try {
    detail::validate(s.connection);
  } catch (const config_error& e) {
    r.fail_with(std::string(e.detail()));
  }
  return s;
}

}  // namespace rediscache
