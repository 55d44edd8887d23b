#include "cache/cache_fixture.hpp"

namespace rediscache::test {
std::unique_ptr<target_server> cache_test::server_;
}  // namespace rediscache::test
