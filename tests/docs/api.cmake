# The API reference: Doxygen fails on any undocumented public declaration, so building the
# reference is the test (see cmake/rediscache-api-docs.cmake).
if(TARGET rediscache_api_docs)
  add_test(NAME docs.api
    COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target rediscache_api_docs)
  # Runs the build tool in the main build tree, so alone; it runs no code, so not under sanitizers.
  set_tests_properties(docs.api PROPERTIES LABELS "consumer;docs" RUN_SERIAL TRUE TIMEOUT 300)
endif()
