# Distributed lock: redis-py semantics, errors, threads, wake-ups, fencing, watchdog, interop.
add_executable(rediscache_lock_tests
  lock/lock_basics_test.cpp
  lock/lock_errors_test.cpp
  lock/lock_threads_test.cpp
  lock/lock_extras_test.cpp
  lock/lock_interop_test.cpp
  lock/lock_limits_test.cpp
)
target_link_libraries(rediscache_lock_tests PRIVATE
  rediscache::rediscache rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_lock_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
rediscache_set_warnings(rediscache_lock_tests)
rediscache_discover_tests(rediscache_lock_tests "lock." "*" TIMEOUT 120)
# On the cluster: everything but the tests that are single-server by nature: a cache or
# redis-py on the one server's URL (CacheLock*, ACacheLock*, Interop.*), stopping the one server
# (TransportErrorsPropagate), counting one server's pub/sub clients
# (WaitersOnManyKeysShareOneSubscriberConnection), an ACL user on a server of its own (LockAcl.*).
rediscache_add_cluster_variant(rediscache_lock_tests "lock."
  "LockTest.*:LockWithoutServer.*-*CacheLock*:LockTest.TransportErrorsPropagate:*WaitersOnManyKeysShareOneSubscriberConnection")
