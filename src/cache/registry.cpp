#include "cache/memory_url.hpp"
#include "quote.hpp"
#include "topology/factory.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/redis_backend.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>

namespace rediscache {
namespace {

std::string alias_context(const std::string& alias, const config_error& e) {
  return "cache alias " + detail::quote_for_message(alias) + ": " + std::string(e.detail());
}

}  // namespace

cache_registry::cache_registry() : mutex_(std::make_unique<std::mutex>()) {}
cache_registry::~cache_registry() = default;
cache_registry::cache_registry(cache_registry&&) noexcept = default;
cache_registry& cache_registry::operator=(cache_registry&&) noexcept = default;

cache cache_registry::add(const std::string& alias, cache_settings settings) {
  const topology_kind kind = settings.topology.kind;
  if (settings.location.empty() && kind != topology_kind::sentinel &&
      kind != topology_kind::cluster) {
    throw config_error("cache alias " + detail::quote_for_message(alias) + " has no LOCATION");
  }
  settings.cache.name = alias;
  std::optional<cache> replaced;  // destroyed after unlocking: it may close a pool
  std::shared_ptr<backend> storage;
  std::optional<detail::topology_plan> plan;
  if (detail::is_memory_url(settings.location)) {
    storage = std::make_shared<memory_backend>(detail::parse_memory_url(settings.location));
  } else {
    try {
      plan = detail::plan_topology(settings.location, settings.connection, settings.topology);
    } catch (const config_error& e) {
      throw config_error(alias_context(alias, e));
    }
  }
  std::unique_lock<std::mutex> lock(*mutex_);
  if (plan) {
    const std::string identity = detail::identity_of(*plan);
    auto claim = pools_[identity].lock();
    if (!claim) {
      // Built unlocked: a sentinel deployment asks its sentinels first. Whoever stores theirs
      // first is shared; a claim built meanwhile by another thread is dropped (and closed).
      lock.unlock();
      std::shared_ptr<executor_claim> built;
      try {
        built = std::make_shared<executor_claim>(detail::make_executor(*plan));
      } catch (const config_error& e) {
        throw config_error(alias_context(alias, e));
      }
      lock.lock();
      auto& slot = pools_[identity];
      claim = slot.lock();
      if (!claim) {
        claim = std::move(built);
        slot = claim;
      }
    }
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
