target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/async_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/async_client.cpp
)
