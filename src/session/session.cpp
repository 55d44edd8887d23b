#include "quote.hpp"
#include "session/session_engine.hpp"

#include <rediscache/error.hpp>
#include <rediscache/session/session.hpp>
#include <rediscache/session/session_key.hpp>

#include <algorithm>

namespace rediscache {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr const char* create_failed =
    "Unable to create a new session key. It is likely that the cache is unavailable.";

}  // namespace

session::session(std::shared_ptr<const detail::session_engine> engine,
                 std::optional<std::string> key)
    : engine_(std::move(engine)) {
  // Django's _validate_session_key: an invalid key is dropped, never looked up.
  if (key && is_valid_session_key(*key)) key_ = std::move(key);
}

bool session::is_empty() const noexcept { return !key_ && (!data_ || data_->empty()); }

void session::wrong_type(std::string_view name, const std::exception& e) {
  throw codec_error("session value " + detail::quote_for_message(name) +
                    " is not of the requested type: " +
                    detail::escape_for_message(e.what(), detail::max_server_text_bytes));
}

void session::unencodable(std::string_view name, const std::exception& e) {
  throw codec_error("session value " + detail::quote_for_message(name) +
                    " cannot be stored as JSON: " +
                    detail::escape_for_message(e.what(), detail::max_server_text_bytes));
}

nlohmann::json& session::data(bool no_load) {
  accessed_ = true;
  if (!data_) {
    if (!key_ || no_load) data_ = nlohmann::json::object();
    else load();
  }
  return *data_;
}

const nlohmann::json* session::find(std::string_view name) {
  const nlohmann::json& d = data();
  auto it = d.find(std::string(name));
  return it == d.end() ? nullptr : &*it;
}

void session::assign(std::string_view name, nlohmann::json value) {
  data()[std::string(name)] = std::move(value);
  modified_ = true;
}

bool session::contains(std::string_view name) { return find(name) != nullptr; }

bool session::erase(std::string_view name) {
  const bool erased = data().erase(std::string(name)) > 0;
  modified_ = modified_ || erased;
  return erased;
}

std::vector<std::string> session::keys() {
  std::vector<std::string> names;
  for (const auto& item : data().items()) names.push_back(item.key());
  return names;
}

const nlohmann::json& session::items() { return data(); }

void session::update(const nlohmann::json& members) {
  if (!members.is_object()) {
    throw codec_error("session update() needs a JSON object, not " +
                      std::string(members.type_name()));
  }
  nlohmann::json& d = data();
  for (const auto& item : members.items()) d[item.key()] = item.value();
  modified_ = true;
}

void session::clear() {
  data_ = nlohmann::json::object();
  accessed_ = true;
  modified_ = true;
}

// Local state after the stored session turned out to be gone.
void session::forget() {
  key_.reset();
  data_ = nlohmann::json::object();
  created_at_.reset();
}

const nlohmann::json& session::load() {
  std::optional<nlohmann::json> found;
  if (key_) found = engine_->read(*key_);
  if (!found) {
    forget();
    return *data_;
  }
  data_ = std::move(*found);
  created_at_.reset();
  if (engine_->options().absolute_timeout) {
    created_at_ = detail::created_at_of(*data_);
    // A session written without a creation time (by Django, or before the option was on) starts
    // its absolute lifetime now; saving records that.
    if (!created_at_) {
      stamp_created(system_clock::now());
      modified_ = true;
    }
  }
  return *data_;
}

void session::stamp_created(system_clock::time_point now) {
  if (!created_at_) created_at_ = now;
  detail::store_created_at(*data_, *created_at_);
}

// The TTL a write sets: the expiry age, never past the absolute limit.
milliseconds session::server_ttl(system_clock::time_point now) {
  milliseconds ttl = get_expiry_age(now);
  const auto& absolute = engine_->options().absolute_timeout;
  if (absolute && created_at_) {
    ttl = std::min(ttl, std::chrono::floor<milliseconds>(*created_at_ + *absolute - now));
  }
  return ttl;
}

bool session::exists(std::string_view key) const {
  return is_valid_session_key(key) && engine_->exists(std::string(key));
}

void session::create() {
  data(true);
  const auto& o = engine_->options();
  const auto now = system_clock::now();
  if (o.absolute_timeout) stamp_created(now);
  const milliseconds ttl = server_ttl(now);
  const std::uint64_t swallowed = engine_->swallowed_errors();
  for (int attempt = 0; attempt < o.max_create_attempts; ++attempt) {
    std::string key = engine_->new_key();
    if (engine_->add(key, *data_, ttl)) {
      key_ = std::move(key);
      modified_ = true;
      return;
    }
    // The add failed because the cache is down (and ignores errors), not because of a collision.
    if (engine_->swallowed_errors() != swallowed) break;
  }
  throw session_error(create_failed);
}

void session::save(save_mode mode) {
  if (!key_) {
    create();
    return;
  }
  if (mode == save_mode::must_create) {
    save_new();
    return;
  }
  data();
  if (!key_) {
    throw session_update_error("the session was deleted or expired since this request began; "
                               "it is not recreated");
  }
  const auto now = system_clock::now();
  if (engine_->options().absolute_timeout) stamp_created(now);
  const milliseconds ttl = server_ttl(now);
  bool stored;
  // An expiry age of zero or less deletes, as the cache does with such a timeout.
  if (ttl.count() <= 0) stored = engine_->remove(*key_);
  else stored = engine_->replace(*key_, *data_, ttl);
  if (!stored) {
    throw session_update_error("the session was deleted meanwhile (a logout in another "
                               "request?); it is not recreated");
  }
}

// Django's save(must_create=True): add() of the data, unloaded, under the current key.
void session::save_new() {
  data(true);
  const auto now = system_clock::now();
  if (engine_->options().absolute_timeout) stamp_created(now);
  const std::uint64_t swallowed = engine_->swallowed_errors();
  if (engine_->add(*key_, *data_, server_ttl(now))) return;
  if (engine_->swallowed_errors() != swallowed) {
    throw session_error("the session could not be stored: the cache is unavailable");
  }
  throw session_create_error("a session already exists under this key; nothing was written");
}

bool session::remove() { return key_ && engine_->remove(*key_); }

bool session::remove(std::string_view key) {
  return is_valid_session_key(key) && engine_->remove(std::string(key));
}

void session::flush() {
  clear();
  remove();
  key_.reset();
  created_at_.reset();
}

void session::cycle_key() {
  data();
  std::optional<std::string> old = key_;
  if (engine_->atomic()) {
    try {
      cycle_in_one_step(old);
      return;
    } catch (const cross_slot_error&) {
      // A Redis Cluster keeps the new key and the old in different slots, which one script cannot
      // touch; nothing was sent.
    }
  }
  // Django's own steps: for a moment both keys exist.
  create();
  if (old) engine_->remove(*old);
}

void session::cycle_in_one_step(const std::optional<std::string>& old) {
  const auto& o = engine_->options();
  const auto now = system_clock::now();
  if (o.absolute_timeout) stamp_created(now);
  const milliseconds ttl = server_ttl(now);
  for (int attempt = 0; attempt < o.max_create_attempts; ++attempt) {
    std::string key = engine_->new_key();
    if (engine_->cycle(key, old, *data_, ttl)) {
      key_ = std::move(key);
      modified_ = true;
      return;
    }
  }
  throw session_error(create_failed);
}

bool session::touch() {
  if (!key_) return false;
  data();
  if (!key_) return false;
  if (engine_->touch(*key_, server_ttl(system_clock::now()))) return true;
  forget();
  return false;
}

}  // namespace rediscache
