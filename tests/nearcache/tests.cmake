# Near cache, stampede protection and the zero-waste get_many/set_many, against redis-server.
add_executable(rediscache_nearcache_tests
  ${CMAKE_CURRENT_LIST_DIR}/many_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stampede_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/near_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings_test.cpp
)
target_link_libraries(rediscache_nearcache_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_nearcache_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
rediscache_set_warnings(rediscache_nearcache_tests)
rediscache_discover_tests(rediscache_nearcache_tests "nearcache." "*Threads*" TIMEOUT 120)

# Allocations per key and per local hit, counted by replacing operator new; sanitizers bring
# their own allocator, so plain builds only.
if(NOT REDISCACHE_SANITIZE)
  add_executable(rediscache_nearcache_alloc_tests
    ${CMAKE_CURRENT_LIST_DIR}/../alloc/counting_new.cpp
    ${CMAKE_CURRENT_LIST_DIR}/many_alloc_test.cpp
  )
  target_link_libraries(rediscache_nearcache_alloc_tests PRIVATE
    rediscache::rediscache rediscache_test_support GTest::gtest_main)
  target_include_directories(rediscache_nearcache_alloc_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  rediscache_set_warnings(rediscache_nearcache_alloc_tests)
  gtest_discover_tests(rediscache_nearcache_alloc_tests TEST_PREFIX "nearcache_alloc."
    DISCOVERY_TIMEOUT 60)
endif()
