target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/subscriber.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/publish.cpp
)
