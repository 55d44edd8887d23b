// Named aliases from a JSON file shaped like Django's CACHES setting.
//   example_cache_settings caches.json
// caches.json:
//   {"default":  {"LOCATION": "redis://127.0.0.1:6379/0", "KEY_PREFIX": "shop", "TIMEOUT": 300},
//    "sessions": {"LOCATION": "redis://127.0.0.1:6379/0", "KEY_PREFIX": "sess",
//                 "OPTIONS": {"SERIALIZER": "msgpack", "IGNORE_EXCEPTIONS": true}},
//    "local":    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
//                 "OPTIONS": {"MAX_ENTRIES": 1000}}}
#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " caches.json\n";
    return 2;
  }
  try {
    auto caches = rediscache::cache_registry::from_json_file(argv[1]);
    for (const auto& alias : caches.aliases()) {
      auto cache = caches[alias];
      cache.set("visits", 1);
      std::cout << alias << ": stored under " << cache.make_key("visits") << "\n";
    }
    std::cout << caches.pool_count() << " connection pool(s) for " << caches.aliases().size()
              << " aliases\n";
    try {
      caches["typo"];
    } catch (const rediscache::unknown_alias_error& e) {
      std::cout << "unknown alias: " << e.what() << "\n";
    }
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "cache_settings failed: " << e.what() << "\n";
    return 1;
  }
}
