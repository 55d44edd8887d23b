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
# On the cluster: the delivery tests. Single-server by nature: every reconnect test (they kill,
# restart and pause the one server), the ones that count subscriptions on the one server with
# PUBSUB NUMSUB/NUMPAT (UnsubscribeStopsDelivery, CloseIsBoundedAndJoins), a cache on the one
# server's URL (PublishThroughACache; tests/cluster covers a cache over the cluster) and an ACL
# user on a server of its own (SubscriberAcl.*).
rediscache_add_cluster_variant(rediscache_pubsub_tests "pubsub."
  "Subscriber.*-Subscriber.UnsubscribeStopsDelivery:Subscriber.CloseIsBoundedAndJoins:Subscriber.PublishThroughACache")
