# Pub/sub: subscriber delivery, reconnects after restarts and kills, bounded close.
add_executable(rediscache_pubsub_tests
  pubsub/subscriber_test.cpp
  pubsub/reconnect_test.cpp
)
target_link_libraries(rediscache_pubsub_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_pubsub_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
rediscache_set_warnings(rediscache_pubsub_tests)
rediscache_discover_tests(rediscache_pubsub_tests "pubsub." "*" TIMEOUT 120)
