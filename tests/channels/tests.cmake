# Channels interop: the channel layer against redis-server and channels_redis 4 in Python. The
# binary shares its servers, so ctest runs it as two tests; the Python half is labelled slow.
add_executable(rediscache_channels_tests
  ${CMAKE_CURRENT_LIST_DIR}/../celery/python_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/channels_env.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/python_layer_test.cpp
)
target_link_libraries(rediscache_channels_tests PRIVATE
  rediscache::channels rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_channels_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(rediscache_channels_tests PRIVATE
  PYTHON_DIR="${CMAKE_CURRENT_LIST_DIR}/python")
rediscache_set_warnings(rediscache_channels_tests)
add_test(NAME channels.layer COMMAND rediscache_channels_tests --gtest_filter=-python.*)
add_test(NAME channels.python COMMAND rediscache_channels_tests --gtest_filter=python.*)
set_tests_properties(channels.layer PROPERTIES TIMEOUT 120)
set_tests_properties(channels.python PROPERTIES TIMEOUT 300 LABELS slow)
# The Channels example program needs a Python consumer, so these tests run it.
if(REDISCACHE_BUILD_EXAMPLES)
  target_compile_definitions(rediscache_channels_tests PRIVATE
    EXAMPLE_CHANNELS_BROADCAST="$<TARGET_FILE:example_channels_broadcast>")
  add_dependencies(rediscache_channels_tests example_channels_broadcast)
endif()
