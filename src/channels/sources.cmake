# Django Channels interop (rediscache::channels): channels_redis 4's
# RedisChannelLayer on the same Redis keys and message format.
add_library(rediscache_channels
  ${CMAKE_CURRENT_LIST_DIR}/wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/channel_layer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pubsub_channel_layer.cpp
)
add_library(rediscache::channels ALIAS rediscache_channels)
set_target_properties(rediscache_channels PROPERTIES
  CXX_EXTENSIONS OFF
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON
  POSITION_INDEPENDENT_CODE ON
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  EXPORT_NAME channels)
target_compile_definitions(rediscache_channels PRIVATE REDISCACHE_BUILDING)
target_include_directories(rediscache_channels PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(rediscache_channels PUBLIC rediscache::rediscache PRIVATE ZLIB::ZLIB spdlog::spdlog)
rediscache_set_warnings(rediscache_channels)
