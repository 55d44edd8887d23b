#pragma once

// One neutral application behind every server adapter, and the request/response cases each
// adapter's test runs against it over real HTTP.
#include <rediscache/cache.hpp>
#include <rediscache/http/response.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace rediscache::test {

struct case_app {
  // Counts how often the views behind the response cache ran.
  std::shared_ptr<std::atomic<int>> renders = std::make_shared<std::atomic<int>>(0);
  http::handler handler;
};

// store: where pages, sessions and limits live; down: a cache whose Redis is unreachable, for
// the fail-open route.
case_app make_case_app(const cache& store, const cache& down);

}  // namespace rediscache::test
