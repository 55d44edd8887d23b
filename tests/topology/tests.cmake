# Deployments beyond one server: replicas, sharding and their configuration, against real
# redis-server processes the tests start.
add_executable(rediscache_topology_tests
  ${CMAKE_CURRENT_LIST_DIR}/replication_group.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replicated_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/config_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sharded_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sentinel_group.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sentinel_test.cpp
)
target_link_libraries(rediscache_topology_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_topology_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(rediscache_topology_tests PRIVATE
  PYTHON_DIR="${CMAKE_CURRENT_LIST_DIR}/python")
rediscache_set_warnings(rediscache_topology_tests)
# The sentinel tests (three sentinels and a failover each) are end-to-end: label "slow".
gtest_discover_tests(rediscache_topology_tests TEST_PREFIX "topology." DISCOVERY_TIMEOUT 60
  TEST_FILTER "-sentinel.*" PROPERTIES TIMEOUT 120)
gtest_discover_tests(rediscache_topology_tests TEST_PREFIX "topology." DISCOVERY_TIMEOUT 60
  TEST_FILTER "sentinel.*" PROPERTIES TIMEOUT 120 LABELS slow)

# examples/topology_replicas.cpp and topology_sentinel.cpp, run against real servers.
if(REDISCACHE_BUILD_EXAMPLES)
  target_sources(rediscache_topology_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/example_test.cpp)
  target_compile_definitions(rediscache_topology_tests PRIVATE
    EXAMPLE_TOPOLOGY_REPLICAS="$<TARGET_FILE:example_topology_replicas>"
    EXAMPLE_TOPOLOGY_SENTINEL="$<TARGET_FILE:example_topology_sentinel>")
  add_dependencies(rediscache_topology_tests example_topology_replicas example_topology_sentinel)
endif()
