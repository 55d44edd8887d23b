// The response cache against a real redis-server: what is stored, under which key, and what
// comes back.
#include "http/http_fixture.hpp"

#include <rediscache/http/response_cache.hpp>

#include <atomic>
#include <thread>
#include <vector>

namespace rediscache::test {
namespace {

using http::request;
using http::response;

struct counted_view {
  std::atomic<int> calls{0};
  std::function<response(request&)> body = [](request&) { return response::text(200, "page"); };

  http::handler handler() {
    return [this](request& r) {
      ++calls;
      return body(r);
    };
  }
};

class ResponseCache : public http_test {
 protected:
  cache store = shared_cache();
  counted_view view;
};

TEST_F(ResponseCache, SecondGetIsAHitWithAgeAndTheSameBody) {
  auto page = http::response_cache(store).wrap(view.handler());
  request r = make_request("GET", "/products");
  response first = page(r);
  response second = page(r);
  EXPECT_EQ(view.calls, 1);
  EXPECT_EQ(header(first, "X-Cache"), "MISS");
  EXPECT_EQ(header(second, "X-Cache"), "HIT");
  EXPECT_EQ(header(second, "Age"), "0");
  EXPECT_EQ(second.body, "page");
  EXPECT_EQ(header(second, "ETag"), header(first, "ETag"));
  EXPECT_EQ(header(first, "Cache-Control"), "max-age=600");
  EXPECT_NE(header(first, "Expires"), "<absent>");
  EXPECT_NE(header(first, "Last-Modified"), "<absent>");
  // HEAD is answered from the GET page.
  request head = make_request("HEAD", "/products");
  EXPECT_EQ(header(page(head), "X-Cache"), "HIT");
  EXPECT_EQ(view.calls, 1);
}

TEST_F(ResponseCache, OtherMethodsAndUrlsAreNotShared) {
  auto page = http::response_cache(store).wrap(view.handler());
  request post = make_request("POST", "/products");
  page(post);
  page(post);
  EXPECT_EQ(view.calls, 2);
  request a = make_request("GET", "/products", "page=1");
  request b = make_request("GET", "/products", "page=2");
  page(a);
  page(b);
  EXPECT_EQ(view.calls, 4);
  request https = make_request("GET", "/products", "page=1");
  https.scheme = "https";
  page(https);
  EXPECT_EQ(view.calls, 5);
}

TEST_F(ResponseCache, UncacheableResponsesAreNeverStored) {
  const std::vector<std::function<void(response&)>> spoilers = {
      [](response& r) { r.headers.set("Cache-Control", "private, max-age=60"); },
      [](response& r) { r.headers.set("Cache-Control", "no-store"); },
      [](response& r) { r.headers.set("Cache-Control", "No-Cache"); },
      [](response& r) { r.headers.set("Cache-Control", "max-age=0"); },
      [](response& r) { r.headers.add("Set-Cookie", "csrftoken=x; Path=/"); },
      [](response& r) { r.status = 404; },
      [](response& r) { r.status = 500; },
      [](response& r) { r.headers.set("Vary", "*"); },
  };
  for (std::size_t i = 0; i < spoilers.size(); ++i) {
    view.calls = 0;
    view.body = [&, i](request&) {
      response r = response::text(200, "secret");
      spoilers[i](r);
      return r;
    };
    auto page = http::response_cache(store).wrap(view.handler());
    request r = make_request("GET", "/account/" + std::to_string(i));
    response first = page(r);
    response second = page(r);
    EXPECT_EQ(view.calls, 2) << "case " << i;
    EXPECT_EQ(header(second, "X-Cache"), "<absent>") << "case " << i;
  }
  EXPECT_EQ(shared_server().command({"DBSIZE"}), "0");
}

TEST_F(ResponseCache, VaryNamesSeparateVariantsLearntPerUrl) {
  view.body = [](request& r) {
    response resp = response::text(200, r.headers.get("Accept-Language").value_or("none"));
    resp.headers.set("Vary", "Accept-Language");
    return resp;
  };
  auto page = http::response_cache(store).wrap(view.handler());
  request fr = make_request("GET", "/");
  fr.headers.set("Accept-Language", "fr");
  request de = make_request("GET", "/");
  de.headers.set("accept-language", "de");
  EXPECT_EQ(page(fr).body, "fr");
  EXPECT_EQ(page(de).body, "de");
  response fr_again = page(fr);
  response de_again = page(de);
  EXPECT_EQ(fr_again.body, "fr");
  EXPECT_EQ(de_again.body, "de");
  EXPECT_EQ(header(fr_again, "X-Cache"), "HIT");
  EXPECT_EQ(view.calls, 2);
}

TEST_F(ResponseCache, MaxAgeOfTheResponseBeatsTheDefaultTimeout) {
  view.body = [](request&) {
    response r = response::text(200, "short");
    r.headers.set("Cache-Control", "public, max-age=30");
    return r;
  };
  http::response_cache_options o;
  o.timeout = std::chrono::seconds(900);
  auto page = http::response_cache(store, o).wrap(view.handler());
  request r = make_request("GET", "/short");
  response first = page(r);
  EXPECT_EQ(header(first, "Cache-Control"), "public, max-age=30");
  auto keys = store.keys("rediscache.http:*");
  ASSERT_EQ(keys.size(), 2u);  // the page and the learnt header list
  for (const auto& k : keys) {
    auto ttl = store.ttl(k);
    ASSERT_TRUE(ttl.is_expiring());
    EXPECT_LE(ttl.remaining(), std::chrono::seconds(30));
    EXPECT_GE(ttl.remaining(), std::chrono::seconds(28));
  }
}

TEST_F(ResponseCache, ConditionalRequestsGet304) {
  auto page = http::response_cache(store).wrap(view.handler());
  request r = make_request("GET", "/etag");
  response first = page(r);
  request again = make_request("GET", "/etag");
  again.headers.set("If-None-Match", "\"other\", " + header(first, "ETag"));
  response not_modified = page(again);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  EXPECT_EQ(header(not_modified, "ETag"), header(first, "ETag"));

  request stale_tag = make_request("GET", "/etag");
  stale_tag.headers.set("If-None-Match", "\"other\"");
  stale_tag.headers.set("If-Modified-Since", header(first, "Last-Modified"));
  EXPECT_EQ(page(stale_tag).status, 200);  // If-None-Match decides when present

  request since = make_request("GET", "/etag");
  since.headers.set("If-Modified-Since", header(first, "Last-Modified"));
  EXPECT_EQ(page(since).status, 304);
  request earlier = make_request("GET", "/etag");
  earlier.headers.set("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(page(earlier).status, 200);
  EXPECT_EQ(view.calls, 1);
}

TEST_F(ResponseCache, KeyPrefixesSeparateRoutesAndInvalidationRemovesPages) {
  http::response_cache_options a;
  a.key_prefix = "a";
  http::response_cache_options b;
  b.key_prefix = "b";
  http::response_cache cache_a(store, a);
  auto page_a = cache_a.wrap(view.handler());
  auto page_b = http::response_cache(store, b).wrap(view.handler());
  request one = make_request("GET", "/products/1");
  request two = make_request("GET", "/products/2");
  request other = make_request("GET", "/productsx");
  page_a(one);
  page_b(one);
  EXPECT_EQ(view.calls, 2);
  page_a(two);
  page_a(other);
  EXPECT_EQ(view.calls, 4);

  EXPECT_EQ(cache_a.invalidate(one.full_url()), 2u);
  page_a(one);
  EXPECT_EQ(view.calls, 5);
  page_b(one);  // the other prefix kept its page
  EXPECT_EQ(view.calls, 5);

  EXPECT_EQ(cache_a.invalidate_prefix("http://shop.example/products/"), 4u);
  page_a(one);
  page_a(two);
  page_a(other);
  EXPECT_EQ(view.calls, 7);
}

TEST_F(ResponseCache, ConcurrentMissesComputeThePageOnce) {
  std::atomic<bool> release{false};
  view.body = [&](request&) {
    while (!release) std::this_thread::yield();
    return response::text(200, "slow page");
  };
  auto page = http::response_cache(store).wrap(view.handler());
  std::vector<std::thread> clients;
  std::atomic<int> arrived{0};
  std::atomic<int> served{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      request r = make_request("GET", "/slow");
      ++arrived;
      if (page(r).body == "slow page") ++served;
    });
  }
  while (view.calls == 0 || arrived < 8) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // their lookups miss, they wait
  release = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(served, 8);
  EXPECT_EQ(view.calls, 1);
}

TEST_F(ResponseCache, LargePagesAreStoredCompressed) {
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "<li>product " + std::to_string(i % 10) + "</li>\n";
  view.body = [&](request&) { return response::text(200, big); };
  auto page = http::response_cache(store).wrap(view.handler());
  request r = make_request("GET", "/big");
  page(r);
  response hit = page(r);
  EXPECT_EQ(hit.body, big);
  std::size_t stored = 0;
  for (const auto& k : store.keys("* page *")) {
    stored = std::stoul(shared_server().command({"STRLEN", store.make_key(k)}));
  }
  EXPECT_GT(stored, 0u);
  EXPECT_LT(stored, big.size() / 4);
}

TEST_F(ResponseCache, PagesAreServedUncachedWhileRedisIsDown) {
  redis_server doomed;
  cache down = cache::from_url(url_of(doomed));
  doomed.stop();
  auto page = http::response_cache(down).wrap(view.handler());
  request r = make_request("GET", "/");
  EXPECT_EQ(page(r).body, "page");
  EXPECT_EQ(page(r).body, "page");
  EXPECT_EQ(view.calls, 2);

  http::response_cache_options strict;
  strict.fail_open = false;
  auto strict_page = http::response_cache(down, strict).wrap(view.handler());
  EXPECT_THROW(strict_page(r), connection_error);
}

}  // namespace
}  // namespace rediscache::test
