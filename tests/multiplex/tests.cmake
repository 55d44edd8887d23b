# The multiplexed executor against real redis-server processes, one per test process.
add_executable(rediscache_multiplex_tests
  ${CMAKE_CURRENT_LIST_DIR}/multiplex_fixture.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ordering_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/faults_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/async_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/selection_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/async_cache_test.cpp
)
target_link_libraries(rediscache_multiplex_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_multiplex_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)
rediscache_set_warnings(rediscache_multiplex_tests)
rediscache_discover_tests(rediscache_multiplex_tests "multiplex."
  "MultiplexThreads.*:MultiplexFaults.*:faults/MultiplexProxyFaults.*" TIMEOUT 120)

# The cache suite once more on a multiplexed executor.
target_sources(rediscache_cache_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/cache_on_multiplexed_test.cpp)

# The fault matrix of tests/faults, on a multiplexed executor.
add_executable(rediscache_multiplex_fault_tests
  ${PROJECT_SOURCE_DIR}/tests/faults/calls.cpp
  ${PROJECT_SOURCE_DIR}/tests/faults/fault_run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fault_matrix_test.cpp
)
target_link_libraries(rediscache_multiplex_fault_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_multiplex_fault_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)
rediscache_set_warnings(rediscache_multiplex_fault_tests)
rediscache_discover_tests(rediscache_multiplex_fault_tests "multiplex_faults." "*" TIMEOUT 120)

# examples/multiplexed.cpp, run by the example tests.
if(TARGET rediscache_example_tests)
  target_sources(rediscache_example_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/multiplexed_example_test.cpp)
endif()
