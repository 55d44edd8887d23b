// Writes the seed corpora under fuzz/corpus/<target>/: valid replies of every type, URLs of every
// scheme, CACHES files, values as each cache configuration stores them, session data and
// cookies. The corpus is checked in; run this after changing a target's input format:
//
//   rediscache_fuzz_seeds <repo>/fuzz/corpus
#include <rediscache/cache.hpp>
#include <rediscache/compressor.hpp>
#include <rediscache/memory_backend.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::string_literals;

namespace {

fs::path corpus_root;

void write_seed(const std::string& target, const std::string& name, const std::string& bytes) {
  const fs::path dir = corpus_root / target;
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

void reader_seeds() {
  const std::map<std::string, std::string> replies = {
      {"simple", "+OK\r\n"},
      {"error", "-ERR unknown command 'FOO'\r\n"},
      {"wrongtype", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
      {"integers", ":0\r\n:-1\r\n:9223372036854775807\r\n:-9223372036854775808\r\n"},
      {"bulk", "$5\r\nhello\r\n"},
      {"bulk_binary", "$6\r\n\0\r\n\xff\x80\x01\r\n"s},
      {"bulk_empty", "$0\r\n\r\n"},
      {"nil_bulk", "$-1\r\n"},
      {"nil_array", "*-1\r\n"},
      {"empty_array", "*0\r\n"},
      {"array", "*3\r\n$3\r\nfoo\r\n:42\r\n$-1\r\n"},
      {"nested", "*2\r\n*2\r\n:1\r\n+two\r\n*1\r\n*1\r\n*0\r\n"},
      {"scan", "*2\r\n$2\r\n17\r\n*2\r\n$5\r\n:1:ab\r\n$5\r\n:1:cd\r\n"},
      {"exec", "*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n:3\r\n"},
      {"pubsub",
       "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$4\r\ndata\r\n"
       "*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$1\r\nx\r\n"},
      {"pipeline", "+OK\r\n$3\r\nabc\r\n:1\r\n*1\r\n$1\r\nk\r\n-ERR x\r\n"},
      {"deep", "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"},
      {"huge_array", "*2147483647\r\n"},
      {"huge_bulk", "$2147483647\r\nabc"},
      {"over_limits", "*65\r\n$257\r\n"},
      {"bad_type", "!3\r\nabc\r\n"},
      {"resp3_map", "%1\r\n+a\r\n:1\r\n"},
      {"bad_integer", ":12a\r\n"},
      {"bad_length", "$-2\r\nxx\r\n"},
      {"no_crlf", "$3\r\nabcde"},
      {"truncated", "*2\r\n$3\r\nab"},
  };
  // The first byte picks the size of each read.
  for (const auto& [name, resp] : replies) {
    write_seed("reader", name, "\x01"s + resp);
    write_seed("reader", name + "_chunked", "\x06"s + resp);
  }
}

void url_seeds() {
  const std::vector<std::string> urls = {
      "redis://localhost",
      "redis://127.0.0.1:6380/2",
      "redis://:secret@localhost:6379/0",
      "redis://user:p%40ss%3Aword@cache.example.com:7000/15?socket_timeout=0.5",
      "redis://[::1]:6379/1",
      "redis://[fe80::1%25eth0]:6379",
      "rediss://user:pw@secure.example.com:6380/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem"
      "&ssl_check_hostname=false",
      "rediss://h?ssl_cert_reqs=none&ssl_certfile=/c.pem&ssl_keyfile=/k.pem&ssl_ca_path=/certs",
      "unix:///var/run/redis/redis.sock",
      "unix://user:pw@/tmp/redis%20sock?db=3&client_name=worker-1",
      "redis://h/1?db=4&socket_connect_timeout=2.25&max_connections=50&pool_timeout=0"
      "&health_check_interval=30&client_name=app",
      "redis://h:0",
      "redis://h:65536",
      "redis://h/abc",
      "redis://h?socket_timeout=4294967.5",
      "redis://h?socket_timeout=-1",
      "redis://h?unknown=1",
      "http://localhost",
      "redis://user:pw@",
      "redis://%zz@h",
      "redis://h?db=4294967297",
  };
  for (std::size_t i = 0; i < urls.size(); ++i)
    write_seed("url", "url_" + std::to_string(i), urls[i]);
}

void settings_seeds() {
  const std::vector<std::string> files = {
      R"({"default": {"BACKEND": "django_redis.cache.RedisCache",
                      "LOCATION": "redis://127.0.0.1:6379/1", "KEY_PREFIX": "app", "VERSION": 2,
                      "TIMEOUT": 600,
                      "OPTIONS": {"SERIALIZER": "django_redis.serializers.json.JSONSerializer",
                                  "COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor",
                                  "COMPRESS_MIN_LENGTH": 100, "COMPRESS_LEVEL": 9,
                                  "IGNORE_EXCEPTIONS": true, "LOG_IGNORED_EXCEPTIONS": true,
                                  "SCAN_ITERSIZE": 500, "PASSWORD": "secret", "USERNAME": "app",
                                  "SOCKET_TIMEOUT": 0.5, "SOCKET_CONNECT_TIMEOUT": 1,
                                  "CLIENT_CLASS": "django_redis.client.DefaultClient",
                                  "CONNECTION_POOL_KWARGS": {"max_connections": 20,
                                                             "retry_on_timeout": true,
                                                             "health_check_interval": 15}}},
          "sessions": {"BACKEND": "django_redis.cache.RedisCache",
                       "LOCATION": ["redis://primary:6379/2", "redis://replica:6379/2"],
                       "TIMEOUT": null,
                       "OPTIONS": {"SERIALIZER": "msgpack", "COMPRESSOR": "lz4"}}})",
      R"({"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": "rediss://cache.example.com:6380, redis://replica:6379",
                      "OPTIONS": {"db": 3, "ssl_cert_reqs": null, "password": "x",
                                  "socket_timeout": 2, "ssl_check_hostname": false}}})",
      R"({"local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "unique-snowflake"},
          "memory": {"BACKEND": "rediscache.memory", "LOCATION": "memory://",
                     "OPTIONS": {"MAX_ENTRIES": 1000, "COMPRESSOR": "zstd"}},
          "unix": {"LOCATION": "unix:///tmp/redis.sock?db=1", "OPTIONS": {"SERIALIZER": "raw"}}})",
      R"({"bad": {"LOCATION": "redis://h", "TIMEOUT": 1e16, "VERSION": 4294967297}})",
      R"({"bad": {"LOCATION": "redis://h",
                  "OPTIONS": {"SOCKET_TIMEOUT": 1e16, "db": 4294967297}}})",
      R"({"bad": {"LOCATION": 5}, "worse": {"BACKEND": "x"}})",
      R"({"default": {"LOCATION": "redis://h", "OPTIONS": {"KEY_FUNCTION": "a.b"}},)",
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    write_seed("settings", "caches_" + std::to_string(i), files[i]);
  }
}

// The bytes a cache in configuration o stores for value.
template <class T>
std::string stored_bytes(const rediscache::cache_options& o, const T& value) {
  auto storage = std::make_shared<rediscache::memory_backend>();
  rediscache::cache c(storage, o);
  c.set("k", value);
  return *storage->get(c.make_key("k"));
}

void cache_value_seeds() {
  const std::string long_text(200, 'a');
  const json document = {{"user", 42},
                         {"tags", {"a", "b"}},
                         {"score", 0.5},
                         {"nested", {{"ok", true}, {"none", nullptr}}}};
  // The first byte selects the configuration, in the fuzz target's order.
  char selector = 0;
  for (auto s : {rediscache::serializer_kind::json, rediscache::serializer_kind::msgpack,
                 rediscache::serializer_kind::raw}) {
    for (auto k : {rediscache::compressor_kind::none, rediscache::compressor_kind::zlib,
                   rediscache::compressor_kind::lz4, rediscache::compressor_kind::zstd}) {
      rediscache::cache_options o;
      o.serializer = s;
      o.compression.kind = k;
      const std::string config = std::string(to_string(s)) + "_" + std::string(to_string(k));
      const char this_config = selector++;
      // Each value also goes to the uncompressed configuration of the same serializer, which
      // must read it just as well.
      const char uncompressed = static_cast<char>(this_config - this_config % 4);
      const auto seed = [&](const std::string& what, const std::string& bytes) {
        write_seed("cache_values", config + "_" + what, this_config + bytes);
        if (uncompressed != this_config) {
          write_seed("cache_values", config + "_" + what + "_read_plain", uncompressed + bytes);
        }
      };
      seed("string", stored_bytes(o, "h\xc3\xa9llo"s));
      seed("long_string", stored_bytes(o, long_text));
      seed("bytes",
           stored_bytes(o, rediscache::bytes{std::byte{0}, std::byte{0xff}, std::byte{'x'}}));
      if (s == rediscache::serializer_kind::raw) continue;  // raw stores strings and bytes only
      seed("integer", stored_bytes(o, -9223372036854775807LL - 1));
      seed("double", stored_bytes(o, 2.5));
      seed("json", stored_bytes(o, document));
      seed("vector", stored_bytes(o, std::vector<long long>{1, -2, 3}));
      seed("map",
           stored_bytes(o, std::map<std::string, std::string>{{"a", "1"}, {"b", long_text}}));
    }
  }
}

void decompress_seeds() {
  const std::string text = "The quick brown fox jumps over the lazy dog. "s + std::string(100, 'z');
  const std::string zeros(70000, '\0');
  for (auto k : {rediscache::compressor_kind::zlib, rediscache::compressor_kind::lz4,
                 rediscache::compressor_kind::zstd}) {
    rediscache::compression_options o;
    o.kind = k;
    o.min_bytes = 0;
    const rediscache::compressor c(o);
    const std::string name(to_string(k));
    // Two selector bytes: the cap (caps[3] is 1000 bytes, caps[4] 64 KiB), the level.
    write_seed("decompress", name + "_text", "\x04\x00"s + c.compress(text));
    write_seed("decompress", name + "_over_cap", "\x03\x07"s + c.compress(zeros));
    write_seed("decompress", name + "_truncated", "\x04\x01"s + c.compress(text).substr(0, 12));
  }
}

void session_seeds() {
  const std::vector<json> sessions = {
      json::object(),
      {{"cart", {1, 2}}, {"_auth_user_id", "42"}},
      {{"_session_expiry", 3600}},
      {{"_session_expiry", "2030-01-02T03:04:05.678901+00:00"}},
      {{"_session_expiry", 0}, {"flag", true}},
      {{"_session_expiry", -5.5}},
      {{"_session_created_at", 1700000000.25}, {"x", nullptr}},
  };
  for (auto s : {rediscache::serializer_kind::json, rediscache::serializer_kind::msgpack}) {
    rediscache::cache_options o;
    o.serializer = s;
    o.compression.kind = rediscache::compressor_kind::zlib;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      write_seed("session", std::string(to_string(s)) + "_session_" + std::to_string(i),
                 stored_bytes(o, sessions[i]));
    }
  }
  write_seed("session", "not_an_object", "[1,2,3]");
}

// The cookie target reads a Set-Cookie from length-prefixed fields, then a Cookie header.
std::string cookie_input(const std::string& name, const std::string& value,
                         const std::string& domain, const std::string& path, std::uint8_t flags,
                         const std::string& header) {
  std::string out;
  for (const std::string* field : {&name, &value, &domain, &path}) {
    out += static_cast<char>(field->size());
    out += *field;
  }
  out += static_cast<char>(flags);
  out += std::string(8, '\x10');  // Max-Age
  out += std::string(8, '\x01');  // Expires
  return out + header;
}

void cookie_seeds() {
  write_seed("cookie", "header", "sessionid=abc123; csrftoken=XyZ; theme=\"dark\"");
  write_seed("cookie", "header_odd", " a = 1 ;b=;=c; d ; e=\"x; f=2=3;\tg\t=\th\t; a=dup");
  write_seed("cookie", "session_cookie",
             cookie_input("sessionid", "0123456789abcdefghijklmnopqrstuv", "", "/", 2 | 4 | 32 | 64,
                          "sessionid=0123456789abcdefghijklmnopqrstuv"));
  write_seed("cookie", "secure_host_cookie",
             cookie_input("__Host-id", "\"quoted\"", "", "/", 1 | 2 | 4 | 16, "x=1"));
  write_seed("cookie", "domain_cookie",
             cookie_input("pref", "v", ".example.com", "/app", 1 | 4 | 8, "pref=v"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIRECTORY\n";
    return 2;
  }
  corpus_root = argv[1];
  reader_seeds();
  url_seeds();
  settings_seeds();
  cache_value_seeds();
  decompress_seeds();
  session_seeds();
  cookie_seeds();
  std::cout << "seeds written under " << corpus_root.string() << "\n";
  return 0;
}
