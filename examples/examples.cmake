# Every example program; examples/CMakeLists.txt builds them and the tests run them.
set(REDISCACHE_EXAMPLES
  quickstart
  pipeline_and_scripts
  cache_basics
  cache_settings
  cache_custom_types
  cache_fail_open
  cache_memoize
  cache_in_memory
  user_profile
  job_queue
  leaderboard
  counter_pipeline
  check_and_set
  event_stream
  near_cache
  multiplexed
  ${REDISCACHE_MODULES}
  topology_cluster
  topology_replicas
  topology_sentinel
  pickle_with_django
)
# Python-interop examples, linked with their component; their Python counterparts run in
# tests/celery and tests/channels.
list(APPEND REDISCACHE_EXAMPLES celery_producer celery_worker channels_broadcast)
