#include "multiplex/multiplex_fixture.hpp"

namespace rediscache::test {
std::unique_ptr<redis_server> multiplex_test::server_;
}  // namespace rediscache::test
