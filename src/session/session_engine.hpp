#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/compressor.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/serializer.hpp>
#include <rediscache/session/session_options.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace rediscache::detail {

// Names Django and this library reserve inside the session dict.
inline constexpr const char* expiry_field = "_session_expiry";
inline constexpr const char* created_field = "_session_created_at";

// The creation time stored in a session dict (Unix seconds, possibly fractional).
std::optional<std::chrono::system_clock::time_point> created_at_of(const nlohmann::json& data);
void store_created_at(nlohmann::json& data, std::chrono::system_clock::time_point when);

// Where sessions are stored, shared by a session_store and every session it opened. Plain
// operations go through the cache; the atomic ones (cycle, the absolute-timeout check) run Lua
// through the cache's executor when the cache is on Redis. Thread-safe.
//
// Keys passed in are session keys; never put them in messages or logs.
class session_engine {
 public:
  session_engine(const cache& c, session_options options);

  const session_options& options() const noexcept { return options_; }
  bool atomic() const noexcept { return redis_ != nullptr; }
  std::string cache_key(std::string_view session_key) const;
  // A key from the generator, checked with is_valid_session_key().
  std::string new_key() const;
  // Errors the cache swallowed so far (ignore_exceptions): create() stops when an add() failed
  // that way, since the cache is then unavailable rather than the key taken.
  std::uint64_t swallowed_errors() const;

  // The stored dict; nullopt when missing, undecodable, not an object, or past the absolute
  // timeout (then it is deleted).
  std::optional<nlohmann::json> read(const std::string& key) const;
  // add(): false when the key is taken. A ttl of zero or less stores nothing.
  bool add(const std::string& key, const nlohmann::json& data, std::chrono::milliseconds ttl) const;
  // set(..., if_present): false when the key is gone. ttl must be positive.
  bool replace(const std::string& key, const nlohmann::json& data,
               std::chrono::milliseconds ttl) const;
  bool exists(const std::string& key) const;
  bool remove(const std::string& key) const;
  // A new TTL for an existing session, capped by the stored creation time; false (and deleted)
  // when it is missing or expired.
  bool touch(const std::string& key, std::chrono::milliseconds ttl) const;
  // Redis only: writes data under to (only if free) and deletes from, in one script.
  bool cycle(const std::string& to, const std::optional<std::string>& from,
             const nlohmann::json& data, std::chrono::milliseconds ttl) const;

 private:
  std::optional<nlohmann::json> decode(std::string stored) const;
  std::optional<nlohmann::json> checked(std::optional<nlohmann::json> data,
                                        const std::string& key) const;

  cache cache_;  // a handle: the store keeps its alias alive
  session_options options_;
  std::shared_ptr<executor> redis_;  // null on the memory backend
  serializer serializer_;
  compressor compressor_;
};

}  // namespace rediscache::detail
