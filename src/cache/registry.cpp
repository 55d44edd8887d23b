#include "cache/memory_url.hpp"
#include "quote.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
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
     << c.limits.max_bulk_bytes << '\n' << c.limits.max_reply_bytes << '\n'
     << p.max_connections << '\n' << p.pool_timeout.count()
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

std::shared_ptr<executor_claim> cache_registry::claim_for(const client_options& options) {
  auto& slot = pools_[identity_of(options)];
  auto claim = slot.lock();
  if (!claim) {
    claim = std::make_shared<executor_claim>(std::make_shared<pooled_executor>(options));
    slot = claim;
  }
  return claim;
}

cache cache_registry::add(const std::string& alias, cache_settings settings) {
  if (settings.location.empty()) {
    throw config_error("cache alias " + detail::quote_for_message(alias) + " has no LOCATION");
  }
  settings.cache.name = alias;
  std::optional<cache> replaced;  // destroyed after unlocking: it may close a pool
  std::lock_guard<std::mutex> lock(*mutex_);
  std::shared_ptr<backend> storage;
  if (detail::is_memory_url(settings.location)) {
    storage = std::make_shared<memory_backend>(detail::parse_memory_url(settings.location));
  } else {
    for (const auto& replica : settings.replicas) parse_url(replica);  // reject bad ones now
    auto claim = claim_for(parse_url(settings.location, settings.connection));
    storage = std::make_shared<redis_backend>(claim->get(), std::move(claim));
  }
  cache fresh(std::move(storage), std::move(settings.cache));
  auto it = caches_.find(alias);
  if (it == caches_.end()) {
    caches_.emplace(alias, fresh);
  } else {
    replaced.emplace(std::move(it->second));
    it->second = fresh;
  }
  return fresh;
}

cache cache_registry::add(const std::string& alias, std::string_view url, cache_options options) {
  cache_settings settings;
  settings.location = std::string(url);
  settings.cache = std::move(options);
  return add(alias, std::move(settings));
}

bool cache_registry::remove(std::string_view alias) {
  std::optional<cache> removed;  // destroyed after unlocking: it may close a pool
  std::lock_guard<std::mutex> lock(*mutex_);
  auto it = caches_.find(alias);
  if (it == caches_.end()) return false;
  removed.emplace(std::move(it->second));
  caches_.erase(it);
  return true;
}

cache cache_registry::get(std::string_view alias) const {
  std::lock_guard<std::mutex> lock(*mutex_);
  auto it = caches_.find(alias);
  if (it == caches_.end()) throw unknown_alias_error(std::string(alias));
  return it->second;
}

rediscache::client cache_registry::client(std::string_view alias) const {
  return rediscache::client::of(get(alias));
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
  std::size_t live = 0;
  for (const auto& [identity, claim] : pools_) live += claim.expired() ? 0 : 1;
  return live;
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
    throw config_error("cache settings are not valid JSON: " +
                       detail::escape_for_message(e.what(), detail::max_server_text_bytes));
  }
  return from_json(parsed);
}

cache_registry cache_registry::from_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw config_error("cannot read cache settings file " + detail::quote_for_message(path, 256));
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return from_json_text(text.str());
  } catch (const config_error& e) {
    throw config_error(detail::quote_for_message(path, 256) + ": " + std::string(e.detail()));
  }
}

}  // namespace rediscache
