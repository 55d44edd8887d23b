# Sessions: Django's cache session engine over the cache, plus cookie helpers.
target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/session_key.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_expiry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_cookie.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cookie.cpp
  ${CMAKE_CURRENT_LIST_DIR}/time_format.cpp
)
