# The web layer's middleware against one shared redis-server per binary.
add_executable(rediscache_http_tests
  ${CMAKE_CURRENT_LIST_DIR}/request_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/response_cache_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_middleware_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rate_limit_middleware_test.cpp
)
target_link_libraries(rediscache_http_tests PRIVATE
  rediscache::http rediscache_test_support GTest::gtest_main)
target_include_directories(rediscache_http_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
rediscache_set_warnings(rediscache_http_tests)
gtest_discover_tests(rediscache_http_tests TEST_PREFIX "http." DISCOVERY_TIMEOUT 60
  PROPERTIES TIMEOUT 120)

# The shared request/response cases over real HTTP, on every adapter that was built; cpp-httplib's
# client sends them, so they need cpp-httplib.
if(REDISCACHE_HAS_HTTPLIB)
  add_executable(rediscache_adapter_tests
    ${CMAKE_CURRENT_LIST_DIR}/case_app.cpp
    ${CMAKE_CURRENT_LIST_DIR}/adapter_cases.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httplib_adapter_test.cpp
  )
  target_link_libraries(rediscache_adapter_tests PRIVATE
    rediscache::httplib rediscache_test_support GTest::gtest_main)
  # The same cases on Boost.Beast, when it was built (the client stays cpp-httplib's).
  if(REDISCACHE_HAS_BEAST)
    target_sources(rediscache_adapter_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/beast_adapter_test.cpp)
    target_link_libraries(rediscache_adapter_tests PRIVATE rediscache::beast)
  endif()
  target_include_directories(rediscache_adapter_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  rediscache_set_warnings(rediscache_adapter_tests)
  gtest_discover_tests(rediscache_adapter_tests TEST_PREFIX "http." DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 120)
endif()

# The example shop in headless Chromium via Selenium; the screenshot lands in the build dir.
if(REDISCACHE_HAS_HTTPLIB AND REDISCACHE_BUILD_EXAMPLES)
  find_program(REDISCACHE_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(REDISCACHE_SYSTEM_PYTHON)
    add_test(NAME http.browser.web_service
      COMMAND ${REDISCACHE_SYSTEM_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/browser_test.py
        $<TARGET_FILE:example_web_service> ${CMAKE_BINARY_DIR}/artifacts)
    set_tests_properties(http.browser.web_service PROPERTIES
      LABELS slow TIMEOUT 180 SKIP_RETURN_CODE 77)
  endif()
endif()
