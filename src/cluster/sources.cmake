# Redis Cluster: slot map, routing, redirects and node-parallel calls behind cluster_executor.
target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/key_slot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/slot_map.cpp
  ${CMAKE_CURRENT_LIST_DIR}/redirect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scan_cursor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parallel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cluster_nodes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cluster_executor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cluster_call.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cluster_batch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cluster_fanout.cpp
)
