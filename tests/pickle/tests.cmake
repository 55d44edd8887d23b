# Pickle values and Django signing: against pickles CPython makes and reads, hostile input,
# django-redis and Django itself.
add_executable(rediscache_pickle_tests
  ${CMAKE_CURRENT_LIST_DIR}/python_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hostile_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/value_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/django_redis_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signing_test.cpp
)
target_link_libraries(rediscache_pickle_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_pickle_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(rediscache_pickle_tests PRIVATE
  PICKLE_PYTHON_DIR="${CMAKE_CURRENT_LIST_DIR}/python")
rediscache_set_warnings(rediscache_pickle_tests)
gtest_discover_tests(rediscache_pickle_tests TEST_PREFIX "pickle." DISCOVERY_TIMEOUT 60
  PROPERTIES TIMEOUT 120)
