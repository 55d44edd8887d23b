// Every cache test of rediscache_cache_tests (values, expiry, counters, keys, helpers) once more,
// on a multiplexed executor.
#include "cache/cache_fixture.hpp"

namespace rediscache::test {

INSTANTIATE_TEST_SUITE_P(multiplexed, cache_test, ::testing::Values("multiplexed"), backend_name);

}  // namespace rediscache::test
