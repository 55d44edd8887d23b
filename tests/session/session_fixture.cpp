#include "session/session_fixture.hpp"

namespace rediscache::test {
std::unique_ptr<target_server> session_test::server_;

INSTANTIATE_TEST_SUITE_P(backends, session_test, ::testing::Values("redis", "memory"),
                         backend_name);
}  // namespace rediscache::test
