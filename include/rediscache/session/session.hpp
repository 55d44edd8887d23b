#pragma once

#include <rediscache/error.hpp>
#include <rediscache/exact_json.hpp>
#include <rediscache/export.hpp>
#include <rediscache/session/save_mode.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

namespace detail {
class session_engine;
}

/// One visitor's session during one request: Django's SessionBase over the cache engine. Made by
/// session_store::open(); not thread-safe (one request uses it), cheap to make and to move.
///
/// The data is a JSON object stored through the cache alias' serializer, so a Django application
/// on the same Redis (django-redis with its JSON or msgpack serializer) reads and writes the same
/// sessions. The first access to the data loads it; an unknown, expired or invalid key then reads
/// as an empty session whose session_key() is cleared, and nothing is written to the server.
///
/// Flags as in Django: every access to the data (get, contains, keys, items, set, ...) sets
/// accessed(); set, erase and pop of a present name, update, clear and set_expiry set modified().
/// A request typically calls save() when modified() is true and sends session_cookie() back.
class REDISCACHE_API session {
 public:
  /// The key this session is stored under; empty before create() and after an unknown key was
  /// loaded or flush(). It is the cookie value: keep it out of logs.
  const std::optional<std::string>& session_key() const noexcept { return key_; }
  /// Whether the data was accessed (see the class description).
  bool accessed() const noexcept { return accessed_; }
  /// Whether the data or the expiry was changed (see the class description).
  bool modified() const noexcept { return modified_; }
  /// Django's `request.session.modified = True`, for SESSION_SAVE_EVERY_REQUEST-like policies.
  void set_modified(bool value = true) noexcept { modified_ = value; }
  /// No key and no data: nothing to save and no cookie to send.
  bool is_empty() const noexcept;

  // ---- data
  /// The value stored under name as a T; nullopt when absent. A value that is not a T throws
  /// codec_error.
  template <class T>
  std::optional<T> get(std::string_view name) {
    const nlohmann::json* found = find(name);
    if (found == nullptr) return std::nullopt;
    return convert<T>(name, *found);
  }
  template <class T>
  /// The value under name as a T, or default_value when absent.
  T get(std::string_view name, T default_value) {
    auto found = get<T>(name);
    return found ? std::move(*found) : std::move(default_value);
  }
  /// The text under name, or default_value when absent.
  std::string get(std::string_view name, const char* default_value) {
    return get<std::string>(name, std::string(default_value));
  }
  /// Stores value (anything nlohmann::json takes, ADL to_json included) under name.
  template <class T>
  void set(std::string_view name, const T& value) {
    nlohmann::json encoded;
    try {
      encoded = value;
    } catch (const nlohmann::json::exception& e) {
      unencodable(name, e);
    }
    assign(name, std::move(encoded));
  }
  /// Whether name is present.
  bool contains(std::string_view name);
  /// Removes name; true (and modified) only when it was present.
  bool erase(std::string_view name);
  /// Removes name and returns its value as a T; nullopt (and not modified) when absent. A value
  /// that is not a T throws codec_error and stays.
  template <class T>
  std::optional<T> pop(std::string_view name) {
    const nlohmann::json* found = find(name);
    if (found == nullptr) return std::nullopt;
    std::optional<T> value = convert<T>(name, *found);
    erase(name);
    return value;
  }
  /// The names present.
  std::vector<std::string> keys();
  /// The whole session as a JSON object.
  const nlohmann::json& items();
  /// Merges the members of a JSON object (Django's update()); anything else throws codec_error.
  void update(const nlohmann::json& members);
  /// Empties the data without loading it (Django's clear()).
  void clear();

  // ---- expiry (Django >= 4.1 semantics; stored under "_session_expiry")
  /// Expire after this much inactivity (stored as integer seconds). Zero means when the browser
  /// closes: the cookie gets no Max-Age, the server keeps the session for cookie_age.
  void set_expiry(std::chrono::seconds inactivity);
  /// Expire at this moment (stored as an ISO-8601 string in UTC, as Django's isoformat()).
  void set_expiry(std::chrono::system_clock::time_point when);
  /// Back to the store's default (cookie_age, expire_at_browser_close).
  void set_expiry(std::nullopt_t);
  /// Seconds the session has left counted from modification (default now); negative when an
  /// expiry date has passed. Django's value: under an absolute timeout the server's TTL may be
  /// shorter.
  std::chrono::seconds get_expiry_age();
  /// As get_expiry_age(), counted from \p modification.
  std::chrono::seconds get_expiry_age(std::chrono::system_clock::time_point modification);
  /// When the session expires, counted from now: now plus the inactivity, or the expiry date.
  std::chrono::system_clock::time_point get_expiry_date();
  /// As get_expiry_date(), counted from \p modification.
  std::chrono::system_clock::time_point get_expiry_date(
      std::chrono::system_clock::time_point modification);
  /// Whether the session ends when the browser closes (an expiry of zero, or the store's default).
  bool get_expire_at_browser_close();

  // ---- storage
  /// Reads the session from the cache, replacing any local data, and returns it. An unknown,
  /// invalid, undecodable or expired key gives {} and clears session_key(); nothing is created.
  const nlohmann::json& load();
  /// Whether the store has a session under key.
  bool exists(std::string_view key) const;
  /// Stores the current data under a new key with add(), trying another key on a collision;
  /// throws session_error after session_options::max_create_attempts.
  void create();
  /// Writes the data with a fresh TTL (the expiry age); without a key, create().
  /// update_existing (the default): a session deleted meanwhile (a logout in another request) is
  /// not brought back: session_update_error. A session whose expiry age is zero or less is
  /// deleted instead.
  /// must_create (Django's save(must_create=True)): stores the data under the session's key only
  /// if that key is free, in one SET NX; session_create_error when a session is already there
  /// (nothing is written), session_error when the cache swallowed a failure (ignore_exceptions).
  /// It does not load the data: to create a session under a key of your own, open(key), clear()
  /// (without it the first set() loads, and a key with nothing stored is dropped), set the data,
  /// then save(save_mode::must_create). An expiry age of zero or less stores nothing.
  void save(save_mode mode = save_mode::update_existing);
  /// Deletes this session from the store (Django's delete()); the local data stays.
  bool remove();
  /// Deletes the session stored under key.
  bool remove(std::string_view key);
  /// Logout: clears the data, deletes the stored session and drops the key.
  void flush();
  /// Login: moves the data to a new key, deleting the old one. On Redis one Lua script writes the
  /// new key and deletes the old in one atomic step; on the memory backend it is create() then
  /// remove(old), as Django does.
  void cycle_key();
  /// Starts the idle timeout again without rewriting the data, within the absolute timeout. False
  /// when the session is gone (deleted, expired, past its absolute limit): the session is then
  /// empty and keyless, as after loading an unknown key.
  bool touch();

 private:
  friend class session_store;
  session(std::shared_ptr<const detail::session_engine> engine, std::optional<std::string> key);

  template <class T>
  static std::optional<T> convert(std::string_view name, const nlohmann::json& value) {
    try {
      return detail::exact_json<T>::get(value);  // never a silently different number
    } catch (const nlohmann::json::exception& e) {
      wrong_type(name, e);
    } catch (const codec_error& e) {
      wrong_type(name, e);
    }
  }
  [[noreturn]] static void wrong_type(std::string_view name, const std::exception& e);
  [[noreturn]] static void unencodable(std::string_view name, const std::exception& e);

  /// Django's _get_session(): marks accessed and loads unless there is nothing to load.
  nlohmann::json& data(bool no_load = false);
  const nlohmann::json* find(std::string_view name);
  void assign(std::string_view name, nlohmann::json value);
  void forget();
  void save_new();
  /// cycle_key() in one script: the new key set and the old one deleted together.
  void cycle_in_one_step(const std::optional<std::string>& old);
  void stamp_created(std::chrono::system_clock::time_point now);
  std::chrono::milliseconds server_ttl(std::chrono::system_clock::time_point now);

  std::shared_ptr<const detail::session_engine> engine_;
  std::optional<std::string> key_;
  std::optional<nlohmann::json> data_;  ///< empty until loaded
  std::optional<std::chrono::system_clock::time_point> created_at_;
  bool accessed_ = false;
  bool modified_ = false;
};

}  // namespace rediscache
