#include "session/session_engine.hpp"

#include "log/log_impl.hpp"

#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/script.hpp>
#include <rediscache/session/session_key.hpp>

#include <cmath>

namespace rediscache::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

// Shared by the scripts: the creation time inside the stored dict, read with Redis' cjson or
// cmsgpack (whichever serializer wrote it), and the time left on the server's clock. A compressed
// value yields no creation time; the client checks those after decompressing. As in
// created_at_of(), a creation time is whole milliseconds (rounded) within 1e11 s of the epoch,
// and anything else is no creation time: with the absolute timeout at most max_session_age, every
// number here stays below 2^53 and exact, and PEXPIRE gets an integer.
constexpr std::string_view lua_prelude =
    "local function created_at(value) "
    "  local ok, data = pcall(cjson.decode, value) "
    "  if not ok or type(data) ~= 'table' then ok, data = pcall(cmsgpack.unpack, value) end "
    "  if not ok or type(data) ~= 'table' then return nil end "
    "  local created = tonumber(data['_session_created_at']) "
    "  if not created or created ~= created or math.abs(created) > 1e11 then return nil end "
    "  return math.floor(created * 1000 + 0.5) "
    "end "
    "local function left_ms(created_ms, absolute) "
    "  local t = redis.call('TIME') "
    "  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
    "  return created_ms + absolute - now "
    "end ";

// KEYS[1] session, ARGV[1] absolute timeout (ms). The value, or nil when missing or past the
// absolute limit (then deleted); a surviving session's TTL is capped at the limit, so a writer
// that does not know the limit (Django) cannot stretch it.
const script& load_script() {
  static const script s(std::string(lua_prelude) +
                        "local value = redis.call('GET', KEYS[1]) "
                        "if not value then return false end "
                        "local created = created_at(value) "
                        "if created then "
                        "  local left = left_ms(created, tonumber(ARGV[1])) "
                        "  if left <= 0 then redis.call('DEL', KEYS[1]) return false end "
                        "  local ttl = redis.call('PTTL', KEYS[1]) "
                        "  if ttl < 0 or ttl > left then redis.call('PEXPIRE', KEYS[1], left) end "
                        "end "
                        "return value",
                        idempotency::idempotent);
  return s;
}

// KEYS[1] session, ARGV[1] new TTL (ms, positive), ARGV[2] absolute timeout (ms). 1 when the
// TTL was set (capped at the absolute limit), 0 when missing or past the limit (then deleted).
const script& touch_script() {
  static const script s(std::string(lua_prelude) +
                        "local value = redis.call('GET', KEYS[1]) "
                        "if not value then return 0 end "
                        "local ttl = tonumber(ARGV[1]) "
                        "local created = created_at(value) "
                        "if created then "
                        "  local left = left_ms(created, tonumber(ARGV[2])) "
                        "  if left <= 0 then redis.call('DEL', KEYS[1]) return 0 end "
                        "  if left < ttl then ttl = left end "
                        "end "
                        "redis.call('PEXPIRE', KEYS[1], ttl) "
                        "return 1",
                        idempotency::idempotent);
  return s;
}

// KEYS[1] new key, KEYS[2] old key (optional), ARGV[1] value, ARGV[2] TTL (ms). 0 when the new
// key is taken (nothing changed); else the value is stored (unless the TTL is not positive, as
// add() does) and the old key deleted, all in this one step.
const script& cycle_script() {
  static const script s(
      "local ttl = tonumber(ARGV[2]) "
      "if ttl > 0 then "
      "  if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end "
      "elseif redis.call('EXISTS', KEYS[1]) == 1 then return 0 end "
      "if KEYS[2] and KEYS[2] ~= KEYS[1] then redis.call('DEL', KEYS[2]) end "
      "return 1");
  return s;
}

// The cache names the key in its errors; a session key is a credential, so logs get a stand-in.
std::string without_key(std::string message, const std::string& key) {
  for (auto at = message.find(key); at != std::string::npos; at = message.find(key, at)) {
    message.replace(at, key.size(), "<session key>");
  }
  return message;
}

std::shared_ptr<executor> redis_executor_of(const cache& c) {
  try {
    return executor_of(c, "sessions");
  } catch (const unsupported_error&) {
    return nullptr;  // memory://: the cache API alone, in steps
  }
}

}  // namespace

// Rounded to the millisecond it was written with (store_created_at), as the scripts do: a double
// such as 1700000000.123 is 1700000000.1229999 and would otherwise lose that millisecond.
std::optional<system_clock::time_point> created_at_of(const nlohmann::json& data) {
  auto it = data.find(created_field);
  if (it == data.end() || !it->is_number()) return std::nullopt;
  const double seconds = it->get<double>();
  if (!std::isfinite(seconds) || std::fabs(seconds) > 1e11) return std::nullopt;
  return system_clock::time_point(milliseconds(std::llround(seconds * 1000)));
}

void store_created_at(nlohmann::json& data, system_clock::time_point when) {
  const auto ms = std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count();
  data[created_field] = static_cast<double>(ms) / 1000.0;
}

session_engine::session_engine(const cache& c, session_options options)
    : cache_(c),
      options_(std::move(options)),
      redis_(redis_executor_of(c)),
      serializer_(c.options().serializer),
      compressor_(c.options().compression) {
  if (serializer_.kind() == serializer_kind::raw) {
    throw config_error("sessions need a cache whose serializer stores JSON objects (json or "
                       "msgpack); cache '" + c.options().name + "' uses raw");
  }
  if (options_.cookie_age.count() <= 0 || options_.cookie_age > max_session_age) {
    throw config_error("session_options::cookie_age must be 1 s to max_session_age (36500 days), "
                       "not " + std::to_string(options_.cookie_age.count()) + " s");
  }
  const auto& absolute = options_.absolute_timeout;
  if (absolute && (absolute->count() <= 0 || *absolute > max_session_age)) {
    throw config_error("session_options::absolute_timeout must be 1 ms to max_session_age "
                       "(36500 days) when set, not " + std::to_string(absolute->count()) + " ms");
  }
  if (options_.max_create_attempts < 1) {
    throw config_error("session_options::max_create_attempts must be at least 1");
  }
}

std::string session_engine::cache_key(std::string_view session_key) const {
  std::string key = options_.key_prefix;
  key.append(session_key);
  return key;
}

std::string session_engine::new_key() const {
  std::string key = options_.key_generator ? options_.key_generator() : new_session_key();
  if (!is_valid_session_key(key)) {
    throw session_error("the session key generator returned an invalid key");
  }
  return key;
}

std::uint64_t session_engine::swallowed_errors() const { return cache_.stats().ignored_errors; }

std::optional<nlohmann::json> session_engine::decode(std::string stored) const {
  std::string plain;
  if (compressor_.decompress(stored, plain) == compressor::outcome::decompressed) {
    stored = std::move(plain);
  }
  try {
    return codec<nlohmann::json>::decode(stored, serializer_);
  } catch (const codec_error& e) {
    log_warn("session data corrupted in cache '{}': {}", cache_.options().name, e.what());
    return std::nullopt;
  }
}

// The client-side half of the absolute timeout: the memory backend has no other, and on Redis it
// covers compressed values, whose creation time the script cannot see.
std::optional<nlohmann::json> session_engine::checked(std::optional<nlohmann::json> data,
                                                      const std::string& key) const {
  if (!data) return std::nullopt;
  if (!data->is_object()) {
    log_warn("session data corrupted in cache '{}': not a JSON object", cache_.options().name);
    return std::nullopt;
  }
  if (options_.absolute_timeout) {
    auto created = created_at_of(*data);
    if (created && *created + *options_.absolute_timeout <= system_clock::now()) {
      remove(key);
      return std::nullopt;
    }
  }
  return data;
}

std::optional<nlohmann::json> session_engine::read(const std::string& key) const {
  const std::string stored_key = cache_.make_key(cache_key(key));
  if (redis_ && options_.absolute_timeout) {
    reply r = load_script().run(*redis_, {stored_key},
                                {std::to_string(options_.absolute_timeout->count())});
    if (r.is_nil()) return std::nullopt;
    return checked(decode(r.take_str()), key);
  }
  try {
    return checked(cache_.get<nlohmann::json>(cache_key(key)), key);
  } catch (const codec_error& e) {
    log_warn("session data corrupted in cache '{}': {}", cache_.options().name,
             without_key(e.what(), key));
    return std::nullopt;
  }
}

bool session_engine::add(const std::string& key, const nlohmann::json& data,
                         milliseconds ttl) const {
  return cache_.add(cache_key(key), data, ttl);
}

bool session_engine::replace(const std::string& key, const nlohmann::json& data,
                             milliseconds ttl) const {
  return cache_.set(cache_key(key), data, ttl, set_mode::if_present);
}

bool session_engine::exists(const std::string& key) const {
  return cache_.has_key(cache_key(key));
}

bool session_engine::remove(const std::string& key) const { return cache_.remove(cache_key(key)); }

bool session_engine::touch(const std::string& key, milliseconds ttl) const {
  if (ttl.count() <= 0) {
    remove(key);
    return false;
  }
  if (redis_ && options_.absolute_timeout) {
    const std::string stored_key = cache_.make_key(cache_key(key));
    return touch_script()
               .run(*redis_, {stored_key},
                    {std::to_string(ttl.count()),
                     std::to_string(options_.absolute_timeout->count())})
               .integer() == 1;
  }
  return cache_.touch(cache_key(key), ttl);
}

bool session_engine::cycle(const std::string& to, const std::optional<std::string>& from,
                           const nlohmann::json& data, milliseconds ttl) const {
  // The same bytes the cache would store: serialized, then compressed above the threshold.
  std::string value = compressor_.compress(codec<nlohmann::json>::encode(data, serializer_));
  std::vector<std::string> keys{cache_.make_key(cache_key(to))};
  if (from) keys.push_back(cache_.make_key(cache_key(*from)));
  return cycle_script().run(*redis_, keys, {std::move(value), std::to_string(ttl.count())})
             .integer() == 1;
}

}  // namespace rediscache::detail
