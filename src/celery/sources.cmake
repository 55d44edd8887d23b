# Celery interop (rediscache::celery): a producer, result reader and worker speaking Celery 5's
# message protocol 2 over kombu's Redis transport and the Redis result backend.
rediscache_add_part(celery HIDDEN_VISIBILITY SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/result_source.cpp
  ${CMAKE_CURRENT_LIST_DIR}/async_result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/producer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/incoming.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker.cpp
)
target_link_libraries(rediscache_celery PRIVATE ZLIB::ZLIB spdlog::spdlog)
