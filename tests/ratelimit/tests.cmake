# Rate limiter: every algorithm against real redis-server processes and C++ reference models.
add_executable(rediscache_ratelimit_tests
  ratelimit/accuracy_test.cpp
  ratelimit/boundary_test.cpp
  ratelimit/keys_test.cpp
  ratelimit/failure_test.cpp
  ratelimit/batch_test.cpp
  ratelimit/headers_test.cpp
  ratelimit/extremes_test.cpp
)
target_link_libraries(rediscache_ratelimit_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_ratelimit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
rediscache_set_warnings(rediscache_ratelimit_tests)
rediscache_discover_tests(rediscache_ratelimit_tests "ratelimit." "*" TIMEOUT 120)
# On the cluster: everything but the tests that kill the one server (FailureTest) and that count
# EVAL calls in one server's INFO commandstats (BatchTest.ScriptFlushIsHandled).
rediscache_add_cluster_variant(rediscache_ratelimit_tests "ratelimit."
  "*-FailureTest.*:BatchTest.ScriptFlushIsHandled")
