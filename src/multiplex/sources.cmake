target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/lane.cpp
  ${CMAKE_CURRENT_LIST_DIR}/multiplexed_executor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing.cpp
)
