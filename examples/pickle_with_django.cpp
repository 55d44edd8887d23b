// A C++ service sharing a Redis cache with a Django site that uses django-redis' defaults
// (pickle values, ":1:" key prefix): it stores a product Django's views read as a dict of Python
// types, reads the report a Django task cached, and refuses a value pickling a class it does not
// know instead of running anything.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <iostream>
#include <string>

using namespace std::chrono_literals;
using rediscache::pickle::value;

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    // Django's CACHES: {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}.
    rediscache::cache_options options;
    options.serializer = rediscache::serializer_kind::pickle;
    auto cache = rediscache::cache::from_url(url, options);

    // What Django's cache.get("product:tea") returns: a dict with a Decimal, a date and a set.
    rediscache::pickle::date_time restocked;
    restocked.year = 2026;
    restocked.month = 11;
    restocked.day = 28;
    cache.set(
        "product:tea",
        value::dict({{"name", "Sencha"},
                     {"price", value::decimal("4.50")},
                     {"restocked", value::date(restocked.year, restocked.month, restocked.day)},
                     {"tags", value::set({"green", "loose"})},
                     {"stock", 120}}),
        3600s);
    // Plain C++ types work too: a std::map arrives as a dict, a vector as a list.
    cache.set("product:tea:sizes", std::vector<int>{50, 100, 250}, 3600s);
    std::cout << "stored product:tea for Django\n";

    // A report a Django task cached with cache.set("report:daily", {...}).
    if (auto report = cache.get<value>("report:daily")) {
      std::cout << "report from Django: visits " << report->find("visits")->as_int() << ", day "
                << rediscache::pickle::to_json(*report->find("day")).get<std::string>()
                << ", revenue " << report->find("revenue")->decimal_text() << "\n";
      // The same value through nlohmann::json, for code that does not know about pickle.
      std::cout << "as json: " << cache.get<nlohmann::json>("report:daily")->dump() << "\n";
    } else {
      std::cout << "no report from Django yet\n";
    }

    // A pickle naming another class (here a collections.OrderedDict Django stored) is
    // never loaded; the error names the class.
    try {
      cache.get<value>("report:model");
    } catch (const rediscache::codec_error& e) {
      std::cout << "refused: " << e.what() << "\n";
    }
  } catch (const rediscache::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
