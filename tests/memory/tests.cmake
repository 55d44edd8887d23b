# Replaces the global operator new to count and fail allocations, which clang's ThreadSanitizer
# runtime forbids (it defines operator new itself); nothing here is about threads.
if(NOT REDISCACHE_SANITIZE STREQUAL "thread")
  add_executable(rediscache_memory_tests
    memory/allocation_control.cpp
    memory/reply_memory_test.cpp
    memory/foreign_exception_test.cpp
  )
  target_link_libraries(rediscache_memory_tests PRIVATE
    rediscache::rediscache rediscache_test_support hiredis::hiredis GTest::gtest_main)
  target_include_directories(rediscache_memory_tests PRIVATE
    ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR})
  if(BUILD_SHARED_LIBS)
    target_sources(rediscache_memory_tests PRIVATE ${PROJECT_SOURCE_DIR}/src/resp/reader.cpp)
  endif()
  rediscache_set_warnings(rediscache_memory_tests)
  gtest_discover_tests(rediscache_memory_tests TEST_PREFIX "memory." DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 120)
endif()
