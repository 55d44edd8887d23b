# cmake -P install.cmake -DBUILD_DIR=<rediscache build> -DPREFIX=<dir> [-DCONFIG=<config>]
# Installs the library of BUILD_DIR into an emptied PREFIX, as a user's `cmake --install` would.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_helpers.cmake)

file(REMOVE_RECURSE "${PREFIX}")
set(config_args)
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
rediscache_consumer_step("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${config_args})
