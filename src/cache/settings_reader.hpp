#pragma once

// Reading one alias of a CACHES JSON file (settings_json.cpp), shared with the topology settings
// (settings_topology.cpp).

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>
#include <rediscache/topology.hpp>

#include "config/validate.hpp"
#include "quote.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace rediscache::detail::settings {

using json = nlohmann::json;
using std::chrono::milliseconds;

class reader {
 public:
  explicit reader(std::string alias) : alias_(std::move(alias)) {}

  // Names (of settings, options and aliases) are the file's own text, so they are escaped too.
  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    fail_with(detail::escape_for_message(key) + " " + why);
  }
  [[noreturn]] void fail_with(const std::string& message) const {
    throw config_error("cache alias " + detail::quote_for_message(alias_) + ": " + message);
  }

  std::string text(const std::string& key, const json& v) const {
    if (!v.is_string()) fail(key, "must be a string");
    return v.get<std::string>();
  }
  bool flag(const std::string& key, const json& v) const {
    if (!v.is_boolean()) fail(key, "must be true or false");
    return v.get<bool>();
  }
  // nlohmann keeps non-negative integers unsigned: read as signed, 2^64 - 1 would pass as -1.
  std::int64_t whole(const std::string& key, const json& v, std::int64_t min,
                     std::int64_t max) const {
    if (!v.is_number_integer()) fail(key, "must be a whole number");
    const bool above = v.is_number_unsigned()
                           ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)
                           : v.get<std::int64_t>() > max;
    if (above) fail(key, v.dump() + " is too large (at most " + std::to_string(max) + ")");
    const std::int64_t n = v.get<std::int64_t>();
    if (n < min) fail(key, v.dump() + " is too small (at least " + std::to_string(min) + ")");
    return n;
  }
  // Seconds, fractions allowed, to milliseconds rounded up, so 0.0001 does not become 0.
  milliseconds seconds(const std::string& key, const json& v, bool zero_ok,
                       milliseconds max) const {
    if (!v.is_number()) fail(key, "must be a number of seconds");
    const double s = v.get<double>();
    if (!std::isfinite(s) || s < 0) fail(key, v.dump() + " must not be negative");
    if (!zero_ok && s == 0) fail(key, "must be more than 0");
    const auto max_seconds = std::chrono::duration_cast<std::chrono::seconds>(max).count();
    if (s * 1000 > static_cast<double>(max.count()))
      fail(key, v.dump() + " is too large (at most " + std::to_string(max_seconds) + " seconds)");
    return milliseconds(static_cast<milliseconds::rep>(std::ceil(s * 1000)));
  }
  // Connection and pool waits share the URL's limit.
  milliseconds wait(const std::string& key, const json& v, bool zero_ok) const {
    return seconds(key, v, zero_ok, detail::max_wait);
  }

 private:
  std::string alias_;
};

// A lower-case connection or pool argument, as redis-py's from_url() takes it.
void apply_pool_argument(const reader& r, const std::string& key, const json& v, client_options& c);

// The OPTIONS that choose and tune a topology, gathered first and applied once every OPTION is
// read (JSON objects come in no particular order).
struct topology_settings {
  std::string client_class = "django_redis.client.DefaultClient";
  std::string connection_factory;
  const json* sentinels = nullptr;
  const json* sentinel_kwargs = nullptr;
  std::vector<std::string> replica_keys;  // READ_YOUR_WRITES, MAX_REPLICA_LAG, ... given
  std::vector<std::string> cluster_keys;  // CLUSTER_* given
  bool read_policy_given = false;
  read_policy reads = read_policy::random;
  replica_options replicas;
  cluster_options cluster;
};

// True when key is one of those OPTIONS (then read into t).
bool read_topology_option(const reader& r, const std::string& key, const json& v,
                          topology_settings& t);
// Sets s.location and s.topology from the LOCATION list and t.
void apply_topology(const reader& r, const std::vector<std::string>& locations,
                    const topology_settings& t, cache_settings& s);

}  // namespace rediscache::detail::settings
