target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/distributed_lock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lock_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lock_scripts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/release_listener.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token.cpp
  ${CMAKE_CURRENT_LIST_DIR}/watchdog.cpp
)
