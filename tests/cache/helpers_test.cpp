#include "cache/cache_fixture.hpp"

#include <rediscache/fragment.hpp>
#include <rediscache/memoize.hpp>

using namespace rediscache;
using rediscache::test::cache_test;
using namespace std::chrono_literals;

namespace {

TEST_P(cache_test, MemoizeRunsOncePerDistinctArguments) {
  auto c = make_cache();
  int calls = 0;
  auto price = memoize(c, "price", 60s, [&](const std::string& sku, int quantity) {
    ++calls;
    return static_cast<int>(sku.size()) * quantity;
  });
  EXPECT_EQ(price("tea", 2), 6);
  EXPECT_EQ(price("tea", 2), 6);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(price("tea", 3), 9);
  EXPECT_EQ(price("coffee", 2), 12);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(price.key_for(std::string("tea"), 2).rfind("price:", 0), 0u);
  EXPECT_EQ(price.key_for(std::string("tea"), 2).size(), 6u + 40u);
  EXPECT_TRUE(price.forget(std::string("tea"), 2));
  EXPECT_EQ(price("tea", 2), 6);
  EXPECT_EQ(calls, 4);
}

TEST_P(cache_test, MemoizedKeysAreStableAcrossInstances) {
  auto c = make_cache();
  auto a = memoize(c, "f", 60s, [](int x) { return x; });
  auto b = memoize(c, "f", 60s, [](int x) { return -x; });
  EXPECT_EQ(a(5), 5);
  EXPECT_EQ(b(5), 5);  // same name and arguments: the cached result
}

TEST_P(cache_test, FragmentKeyMatchesDjango) {
  EXPECT_EQ(fragment_key("a.fragment"), "template.cache.a.fragment.d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(fragment_key("foo", {"abc"}), "template.cache.foo.493e283d571a73056196f1a68efd0f66");
  auto c = make_cache();
  int renders = 0;
  auto render = [&] {
    ++renders;
    return std::string("<ul><li>tea</li></ul>");
  };
  EXPECT_EQ(cached_fragment(c, "menu", {"en", "42"}, 60s, render), "<ul><li>tea</li></ul>");
  EXPECT_EQ(cached_fragment(c, "menu", {"en", "42"}, 60s, render), "<ul><li>tea</li></ul>");
  EXPECT_EQ(renders, 1);
  EXPECT_TRUE(c.has_key(fragment_key("menu", {"en", "42"})));
}

}  // namespace
