#include "cache/memory_url.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace rediscache {
namespace {

// Every field that makes two connections differ, the password included (this string never leaves
// the registry).
std::string identity_of(const client_options& o) {
  const connection_options& c = o.connection;
  const pool_options& p = o.pool;
  std::ostringstream id;
  id << c.host << '\n' << c.port << '\n' << c.unix_socket << '\n' << c.user << '\n'
     << c.password << '\n' << c.db << '\n' << c.client_name << '\n' << c.connect_timeout.count()
     << '\n' << c.socket_timeout.count() << '\n' << c.keepalive.count() << '\n'
     << c.tls.enabled << '\n' << c.tls.ca_file << '\n' << c.tls.ca_dir << '\n'
     << c.tls.cert_file << '\n' << c.tls.key_file << '\n' << c.tls.server_name << '\n'
     << static_cast<int>(c.tls.verify) << '\n' << c.limits.max_array_elements << '\n'
     << c.limits.max_bulk_bytes << '\n' << p.max_connections << '\n' << p.pool_timeout.count()
     << '\n' << p.health_check_interval.count() << '\n' << p.retry.max_retries << '\n'
     << p.retry.base_backoff.count() << '\n' << p.retry.max_backoff.count() << '\n'
     << p.retry.retry_on_timeout;
  return id.str();
}

}  // namespace

cache_registry::cache_registry() : mutex_(std::make_unique<std::mutex>()) {}
cache_registry::~cache_registry() = default;
cache_registry::cache_registry(cache_registry&&) noexcept = default;
cache_registry& cache_registry::operator=(cache_registry&&) noexcept = default;

std::shared_ptr<executor> cache_registry::executor_for(const client_options& options) {
  auto& slot = pools_[identity_of(options)];
  if (!slot) slot = std::make_shared<pooled_executor>(options);
  return slot;
}

cache& cache_registry::add(const std::string& alias, cache_settings settings) {
  if (settings.location.empty()) {
    throw config_error("cache alias '" + alias + "' has no LOCATION");
  }
  settings.cache.name = alias;
  std::lock_guard<std::mutex> lock(*mutex_);
  std::shared_ptr<backend> storage;
  if (detail::is_memory_url(settings.location)) {
    storage = std::make_shared<memory_backend>(detail::parse_memory_url(settings.location));
  } else {
    for (const auto& replica : settings.replicas) parse_url(replica);  // reject bad ones now
    auto exec = executor_for(parse_url(settings.location, settings.connection));
    storage = std::make_shared<redis_backend>(std::move(exec));
  }
  auto& slot = caches_[alias];
  slot = std::make_unique<cache>(std::move(storage), std::move(settings.cache));
  return *slot;
}

cache& cache_registry::add(const std::string& alias, std::string_view url, cache_options options) {
  cache_settings settings;
  settings.location = std::string(url);
  settings.cache = std::move(options);
  return add(alias, std::move(settings));
}

cache& cache_registry::get(std::string_view alias) {
  std::lock_guard<std::mutex> lock(*mutex_);
  auto it = caches_.find(alias);
  if (it == caches_.end()) throw unknown_alias_error(std::string(alias));
  return *it->second;
}

bool cache_registry::contains(std::string_view alias) const {
  std::lock_guard<std::mutex> lock(*mutex_);
  return caches_.find(alias) != caches_.end();
}

std::vector<std::string> cache_registry::aliases() const {
  std::lock_guard<std::mutex> lock(*mutex_);
  std::vector<std::string> names;
  for (const auto& entry : caches_) names.push_back(entry.first);
  return names;
}

std::size_t cache_registry::pool_count() const {
  std::lock_guard<std::mutex> lock(*mutex_);
  return pools_.size();
}

cache_registry cache_registry::from_json(const nlohmann::json& caches) {
  if (!caches.is_object()) throw config_error("CACHES must be a JSON object of aliases");
  cache_registry registry;
  for (const auto& [alias, entry] : caches.items()) {
    registry.add(alias, settings_from_json(alias, entry));
  }
  return registry;
}

cache_registry cache_registry::from_json_text(std::string_view text) {
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e999
    throw config_error(std::string("cache settings are not valid JSON: ") + e.what());
  }
  return from_json(parsed);
}

cache_registry cache_registry::from_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw config_error("cannot read cache settings file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return from_json_text(text.str());
  } catch (const config_error& e) {
    std::string message = e.what();
    throw config_error(path + ": " + message.substr(message.find("] ") + 2));
  }
}

}  // namespace rediscache
