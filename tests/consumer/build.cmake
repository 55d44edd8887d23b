# cmake -P build.cmake -DSOURCE_DIR=<consumer project> -DBINARY_DIR=<dir> -DGENERATOR=<generator>
#   -DMAKE_PROGRAM=<path> -DCXX_COMPILER=<path> -DCXX_FLAGS=<flags> -DBUILD_TYPE=<config>
#   -DEXPECTED_VERSION=<x.y.z> [-DPREFIX_PATH=<dir>] [-DREDISCACHE_SOURCE_DIR=<dir>]
# Configures a consumer project from scratch, builds it with two jobs (the machines running this
# are small and shared) and runs its app.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_helpers.cmake)

# From scratch: a cache left by an earlier run could hide a package that no longer resolves.
file(REMOVE_RECURSE "${BINARY_DIR}")
set(configure_args
  -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G "${GENERATOR}"
  "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  # Only PREFIX_PATH may provide rediscache, not a package registry of this machine or user.
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(PREFIX_PATH)
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${PREFIX_PATH}")
endif()
if(REDISCACHE_SOURCE_DIR)
  # The library is compiled again inside the consumer: without debug information, which would
  # cost a third of the time and serves no one here.
  list(APPEND configure_args "-DREDISCACHE_SOURCE_DIR=${REDISCACHE_SOURCE_DIR}"
    -DCMAKE_CXX_FLAGS_DEBUG=-g0)
endif()
rediscache_consumer_step("${CMAKE_COMMAND}" ${configure_args})
# Only the app and what it links: an embedded rediscache's optional libraries stay unbuilt.
rediscache_consumer_step("${CMAKE_COMMAND}" --build "${BINARY_DIR}" --config "${BUILD_TYPE}" --parallel 2
  --target consumer_app)

foreach(candidate "${BINARY_DIR}/consumer_app" "${BINARY_DIR}/${BUILD_TYPE}/consumer_app")
  foreach(suffix "" ".exe")
    if(EXISTS "${candidate}${suffix}")
      rediscache_consumer_run("${candidate}${suffix}" "${EXPECTED_VERSION}")
      return()
    endif()
  endforeach()
endforeach()
message(FATAL_ERROR "no consumer_app was built in ${BINARY_DIR}")
