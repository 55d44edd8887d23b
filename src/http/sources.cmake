# The web layer: framework-neutral HTTP middleware over the cache, sessions and rate limits. Its
# own library, so a user of the cache alone links nothing of it; it needs no HTTP library.
rediscache_add_part(http SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/headers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request.cpp
  ${CMAKE_CURRENT_LIST_DIR}/response.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conditional.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cache_control.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/single_flight.cpp
  ${CMAKE_CURRENT_LIST_DIR}/response_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_middleware.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client_address.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rate_limit_middleware.cpp
)

# Server adapters, each built only when its server library is found.
include(${PROJECT_SOURCE_DIR}/src/httplib/sources.cmake)
include(${PROJECT_SOURCE_DIR}/src/beast/sources.cmake)
