# Django Channels interop (rediscache::channels): channels_redis 4's
# RedisChannelLayer on the same Redis keys and message format.
rediscache_add_part(channels HIDDEN_VISIBILITY SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/channel_layer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pubsub_channel_layer.cpp
)
target_link_libraries(rediscache_channels PRIVATE ZLIB::ZLIB spdlog::spdlog)
