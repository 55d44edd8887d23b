# The multiplexed executor against real redis-server processes, one per test process.
add_executable(rediscache_multiplex_tests
  ${CMAKE_CURRENT_LIST_DIR}/multiplex_fixture.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ordering_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/faults_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/async_test.cpp
)
target_link_libraries(rediscache_multiplex_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_multiplex_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)
rediscache_set_warnings(rediscache_multiplex_tests)
rediscache_discover_tests(rediscache_multiplex_tests "multiplex."
  "MultiplexThreads.*:MultiplexFaults.*:faults/MultiplexProxyFaults.*" TIMEOUT 120)
