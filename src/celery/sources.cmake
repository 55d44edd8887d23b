# Celery interop (rediscache::celery): a producer, result reader and worker speaking Celery 5's
# message protocol 2 over kombu's Redis transport and the Redis result backend.
add_library(rediscache_celery
  ${CMAKE_CURRENT_LIST_DIR}/wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/result_source.cpp
  ${CMAKE_CURRENT_LIST_DIR}/async_result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/producer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/incoming.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker.cpp
)
add_library(rediscache::celery ALIAS rediscache_celery)
set_target_properties(rediscache_celery PROPERTIES
  CXX_EXTENSIONS OFF
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON
  POSITION_INDEPENDENT_CODE ON
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  EXPORT_NAME celery)
target_compile_definitions(rediscache_celery PRIVATE REDISCACHE_BUILDING)
target_include_directories(rediscache_celery PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(rediscache_celery PUBLIC rediscache::rediscache PRIVATE ZLIB::ZLIB spdlog::spdlog)
rediscache_set_warnings(rediscache_celery)
