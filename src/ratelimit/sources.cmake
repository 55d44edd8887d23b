# Rate limiting: one Lua script per algorithm, each decision one EVALSHA.
target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/rate_limiter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rate_limit_headers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lua_prelude.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fixed_window_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sliding_log_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sliding_window_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gcra_script.cpp
)
