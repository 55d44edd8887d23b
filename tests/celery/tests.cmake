# Celery interop: the producer, results and the worker against redis-server and a real Python
# Celery 5 worker (one for the whole binary, so ctest runs the binary as two tests; the Python
# half is labelled slow).
add_executable(rediscache_celery_tests
  ${CMAKE_CURRENT_LIST_DIR}/python_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/celery_env.cpp
  ${CMAKE_CURRENT_LIST_DIR}/producer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker_test.cpp
)
# A C++ worker in its own process, for the test that kills one mid-task.
add_executable(rediscache_celery_crash_worker ${CMAKE_CURRENT_LIST_DIR}/crash_worker.cpp)
target_link_libraries(rediscache_celery_crash_worker PRIVATE rediscache::celery)
rediscache_set_warnings(rediscache_celery_crash_worker)
add_dependencies(rediscache_celery_tests rediscache_celery_crash_worker)
target_link_libraries(rediscache_celery_tests PRIVATE
  rediscache::celery rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_celery_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(rediscache_celery_tests PRIVATE
  PYTHON_DIR="${CMAKE_CURRENT_LIST_DIR}/python"
  CRASH_WORKER="$<TARGET_FILE:rediscache_celery_crash_worker>")
rediscache_set_warnings(rediscache_celery_tests)
add_test(NAME celery.redis COMMAND rediscache_celery_tests --gtest_filter=-python*)
add_test(NAME celery.python COMMAND rediscache_celery_tests --gtest_filter=python*)
set_tests_properties(celery.redis PROPERTIES TIMEOUT 120)
set_tests_properties(celery.python PROPERTIES TIMEOUT 300 LABELS slow)
# The Celery example programs need a Python side, so these tests run them.
if(REDISCACHE_BUILD_EXAMPLES)
  target_compile_definitions(rediscache_celery_tests PRIVATE
    EXAMPLE_CELERY_PRODUCER="$<TARGET_FILE:example_celery_producer>"
    EXAMPLE_CELERY_WORKER="$<TARGET_FILE:example_celery_worker>")
  add_dependencies(rediscache_celery_tests example_celery_producer example_celery_worker)
endif()
