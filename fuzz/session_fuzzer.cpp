// Session data decoding: arbitrary bytes stored under a session's cache key, then every reading
// of the session (data, typed values, expiry, the cookie) and a save. Undecodable data reads as
// an empty session; only the documented errors come out; what save() stores loads back the same.
#include "fuzz_support.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/session/cookie.hpp>
#include <rediscache/session/session.hpp>
#include <rediscache/session/session_cookie.hpp>
#include <rediscache/session/session_key.hpp>
#include <rediscache/session/session_store.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using rediscache::fuzz::require;
using namespace std::chrono_literals;

// A fixed moment, so an input behaves the same on every run.
const std::chrono::system_clock::time_point now{std::chrono::seconds(1700000000)};

struct store_setup {
  std::unique_ptr<rediscache::cache> cache;
  std::unique_ptr<rediscache::session_store> store;
  bool absolute;  // under an absolute timeout a session may legitimately vanish on load
};

store_setup make_store(rediscache::serializer_kind s, rediscache::compressor_kind k,
                       std::optional<std::chrono::milliseconds> absolute_timeout) {
  rediscache::cache_options o;
  o.serializer = s;
  o.compression.kind = k;
  o.compression.max_decompressed_bytes = 1 << 20;
  store_setup setup;
  setup.cache =
      std::make_unique<rediscache::cache>(std::make_shared<rediscache::memory_backend>(), o);
  rediscache::session_options so;
  so.absolute_timeout = absolute_timeout;
  setup.store = std::make_unique<rediscache::session_store>(*setup.cache, so);
  setup.absolute = absolute_timeout.has_value();
  return setup;
}

std::vector<store_setup>& stores() {
  static std::vector<store_setup> all = [] {
    std::vector<store_setup> made;
    made.push_back(make_store(rediscache::serializer_kind::json, rediscache::compressor_kind::none,
                              std::nullopt));
    made.push_back(make_store(rediscache::serializer_kind::msgpack,
                              rediscache::compressor_kind::zlib, std::chrono::hours(1)));
    return made;
  }();
  return all;
}

const std::string& session_key() {
  static const std::string key = "fuzzsessionkey0123456789abcdefgh";
  return key;
}

// A value of another type is a codec_error, never anything else.
template <class T>
void read_as(rediscache::session& s, const std::string& name) {
  try {
    (void)s.get<T>(name);
  } catch (const rediscache::codec_error& e) {
    rediscache::fuzz::require_clean_message(e);
  }
}

void read_values(rediscache::session& s) {
  for (const std::string& name : s.keys()) {
    read_as<std::string>(s, name);
    read_as<long long>(s, name);
    read_as<double>(s, name);
    read_as<std::vector<std::string>>(s, name);
    require(s.contains(name), "every key of a session is in it", name);
  }
}

void check_store(store_setup& setup, std::string_view stored) {
  rediscache::cache& c = *setup.cache;
  const std::string cache_key = c.make_key(setup.store->cache_key(session_key()));
  c.storage().set(cache_key, std::string(stored), std::chrono::milliseconds(60000),
                  rediscache::set_mode::always);

  rediscache::session s = setup.store->open(session_key());
  const nlohmann::json data = s.load();
  require(data.is_object(), "a loaded session is a JSON object", stored);
  read_values(s);
  // An expiry in the past is a negative age, whatever the stored value.
  require((s.get_expiry_date(now) < now) == (s.get_expiry_age(now) < 0s),
          "the expiry age is negative exactly when the expiry date has passed", stored);
  (void)s.get_expire_at_browser_close();
  if (s.session_key()) {
    const rediscache::set_cookie cookie = rediscache::session_cookie(s, {}, now);
    require(!cookie.max_age || (*cookie.expires > now) == (*cookie.max_age > 0s),
            "a session cookie's Expires is in the future exactly when its Max-Age is positive",
            stored);
    const std::string header = rediscache::format_set_cookie(cookie);
    require(header.find_first_of("\r\n") == std::string::npos,
            "a session cookie header is one line", header);
  }

  s.set("fuzz", 1);
  s.save();
  if (!s.session_key() || s.get_expiry_age() <= 0s || setup.absolute) return;
  const nlohmann::json saved = s.items();
  rediscache::session again = setup.store->open(*s.session_key());
  require(again.load() == saved, "a saved session loads back the same", stored);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view stored(reinterpret_cast<const char*>(data), size);
  for (store_setup& setup : stores()) {
    check_store(setup, stored);
    setup.cache->clear();  // sessions save() created must not pile up over a run
  }
  (void)rediscache::is_valid_session_key(stored);
  (void)stores().front().store->open(stored).load();
  return 0;
}
