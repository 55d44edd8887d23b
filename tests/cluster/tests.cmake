# Redis Cluster: cluster_executor against a real 3-primary, 3-replica cluster. One cluster serves
# the whole binary, so ctest runs it as one test rather than one process per test.
add_executable(rediscache_cluster_tests
  cluster/cluster_fixture.cpp
  cluster/load.cpp
  cluster/routing_test.cpp
  cluster/cache_test.cpp
  cluster/client_test.cpp
  cluster/resharding_test.cpp
  cluster/failover_test.cpp
  cluster/modules_test.cpp
  cluster/pubsub_test.cpp
)
target_link_libraries(rediscache_cluster_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
# detail::key_slot is checked against the server's CLUSTER KEYSLOT.
target_include_directories(rediscache_cluster_tests PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src)
if(BUILD_SHARED_LIBS)
  target_sources(rediscache_cluster_tests PRIVATE ${PROJECT_SOURCE_DIR}/src/cluster/key_slot.cpp)
endif()
rediscache_set_warnings(rediscache_cluster_tests)
add_test(NAME cluster COMMAND rediscache_cluster_tests)
set_tests_properties(cluster PROPERTIES TIMEOUT 180 LABELS slow)

# examples/topology_cluster.cpp, run against the shared cluster.
if(REDISCACHE_BUILD_EXAMPLES)
  target_sources(rediscache_cluster_tests PRIVATE cluster/example_test.cpp)
  target_compile_definitions(rediscache_cluster_tests PRIVATE
    EXAMPLE_TOPOLOGY_CLUSTER="$<TARGET_FILE:example_topology_cluster>")
  add_dependencies(rediscache_cluster_tests example_topology_cluster)
endif()
