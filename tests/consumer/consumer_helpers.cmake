# Helpers for the consumer test scripts. rediscache_consumer_run(<executable> <expected version>):
# runs a consumer app and checks that it succeeds and reports the version it was built against.
function(rediscache_consumer_run app expected_version)
  execute_process(COMMAND "${app}" RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
  message(STATUS "${app}: ${output}${error}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "the consumer app failed (${result})")
  endif()
  if(NOT output MATCHES "rediscache ${expected_version}")
    message(FATAL_ERROR "the consumer app did not report version ${expected_version}")
  endif()
endfunction()

# Runs a command and stops the script when it fails.
function(rediscache_consumer_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${result}): ${command}")
  endif()
endfunction()
