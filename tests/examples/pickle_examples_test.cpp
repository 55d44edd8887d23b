// Runs examples/pickle_with_django.cpp against a real redis-server shared with Django
// (django-redis at its default settings).
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A Django process at its default cache settings running one snippet against url.
rediscache::test::run_result django(const std::string& url, const std::string& code) {
  const std::string script =
      "import django, datetime, decimal, pickle\n"
      "from django.conf import settings\n"
      "settings.configure(CACHES={'default': {'BACKEND': 'django_redis.cache.RedisCache', "
      "'LOCATION': '" +
      url +
      "'}})\n"
      "django.setup()\n"
      "from django.core.cache import cache\n" +
      code;
  return run("/usr/bin/python3 -c \"" + script + "\"");
}

TEST(PickleExamples, SharesValuesWithDjango) {
  if (std::system("/usr/bin/python3 -c 'import django_redis' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-django-redis is not installed";
  }
  rediscache::test::redis_server server;
  const std::string url = url_of(server, 2);
  auto wrote =
      django(url,
             "cache.set('report:daily', {'visits': 1234, 'day': datetime.date(2026, 11, "
             "28), 'revenue': decimal.Decimal('99.50')})\n"
             "import collections\ncache.set('report:model', collections.OrderedDict(a=1))\n");
  ASSERT_EQ(wrote.status, 0) << wrote.output;

  auto r = run(std::string(EXAMPLE_PICKLE_WITH_DJANGO) + " " + url);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "stored product:tea for Django\n")) << r.output;
  EXPECT_TRUE(has(r.output, "report from Django: visits 1234, day 2026-11-28, revenue 99.50\n"))
      << r.output;
  EXPECT_TRUE(has(r.output, R"(as json: {"day":"2026-11-28","revenue":"99.50","visits":1234})"))
      << r.output;
  EXPECT_TRUE(has(r.output,
                  "refused: [rediscache.codec] cannot decode the value of key "
                  "'report:model' in cache 'default' as the requested type: pickle value "
                  "cannot be read: it names the class 'collections.OrderedDict'"))
      << r.output;

  auto read = django(url,
                     "p = cache.get('product:tea')\n"
                     "assert p == {'name': 'Sencha', 'price': decimal.Decimal('4.50'), "
                     "'restocked': datetime.date(2026, 11, 28), 'tags': {'green', 'loose'}, "
                     "'stock': 120}, p\n"
                     "assert cache.get('product:tea:sizes') == [50, 100, 250]\n"
                     "print('django read', type(p['price']).__name__, type(p['tags']).__name__)\n");
  ASSERT_EQ(read.status, 0) << read.output;
  EXPECT_TRUE(has(read.output, "django read Decimal set")) << read.output;
}

}  // namespace
