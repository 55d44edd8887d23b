#include "cache/cache_fixture.hpp"

namespace rediscache::test {
std::unique_ptr<redis_server> cache_test::server_;
}  // namespace rediscache::test
