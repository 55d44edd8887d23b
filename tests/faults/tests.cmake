# The fault matrix. Its own executable so CI can also run it under ThreadSanitizer.
add_executable(rediscache_fault_tests
  faults/calls.cpp
  faults/fault_run.cpp
  faults/fault_matrix_test.cpp
)
target_link_libraries(rediscache_fault_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_fault_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
rediscache_set_warnings(rediscache_fault_tests)
gtest_discover_tests(rediscache_fault_tests TEST_PREFIX "faults." DISCOVERY_TIMEOUT 60
  PROPERTIES TIMEOUT 120)
