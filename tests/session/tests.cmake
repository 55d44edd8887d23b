# Sessions: one suite run against redis-server and the memory backend, cookie and key unit tests,
# and the interop test with a real Django (skipped when python3-django is missing).
add_executable(rediscache_session_tests
  ${CMAKE_CURRENT_LIST_DIR}/session_fixture.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cycle_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/expiry_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flags_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/timeout_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/create_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/limits_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bytes_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/key_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cookie_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/django_interop_test.cpp
)
target_link_libraries(rediscache_session_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_session_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(rediscache_session_tests PRIVATE
  SESSION_PYTHON_DIR="${CMAKE_CURRENT_LIST_DIR}")
rediscache_set_warnings(rediscache_session_tests)
gtest_discover_tests(rediscache_session_tests TEST_PREFIX "session." DISCOVERY_TIMEOUT 60
  PROPERTIES TIMEOUT 120)
# On the cluster: the Redis half of the suite. Single-server only: django_interop (Django's cache
# talks to one server).
rediscache_add_cluster_variant(rediscache_session_tests "session." "backends/session_test.*/redis")
