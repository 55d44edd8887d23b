target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/background_loop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cluster_factory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data_node.cpp
  ${CMAKE_CURRENT_LIST_DIR}/factory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hash_ring.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_port.cpp
  ${CMAKE_CURRENT_LIST_DIR}/node_cursor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/primary_reads.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replica_checker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replica_router.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replicated_executor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sentinel_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sentinel_executor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sharded_executor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/topology_url.cpp
  ${CMAKE_CURRENT_LIST_DIR}/write_record.cpp
)
