# cmake -P deb.cmake -DCPACK=<cpack> -DDPKG_DEB=<dpkg-deb> -DREDISCACHE_BUILD_DIR=<rediscache build>
#   -DWORK_DIR=<dir> -DEXPECTED_PACKAGES=<name,name...> plus build.cmake's arguments
# Makes the Debian packages with CPack, unpacks them into a scratch root as dpkg would install
# them (no root needed), then builds and runs the find_package consumer against <root>/usr.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_helpers.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
rediscache_consumer_step("${CPACK}" -G DEB --config "${REDISCACHE_BUILD_DIR}/CPackConfig.cmake"
  -B "${WORK_DIR}/packages")
file(GLOB debs "${WORK_DIR}/packages/*.deb")
set(made)
foreach(deb IN LISTS debs)
  execute_process(COMMAND "${DPKG_DEB}" --field "${deb}" Package
    OUTPUT_VARIABLE name OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(APPEND made ${name})
  rediscache_consumer_step("${DPKG_DEB}" --extract "${deb}" "${WORK_DIR}/root")
endforeach()
list(SORT made)
string(REPLACE "," ";" expected "${EXPECTED_PACKAGES}")
list(SORT expected)
if(NOT made STREQUAL expected)
  message(FATAL_ERROR "CPack made the packages '${made}', expected '${expected}'")
endif()
if(NOT EXISTS "${WORK_DIR}/root/usr/include/rediscache/cache.hpp")
  message(FATAL_ERROR "the dev package holds no headers under /usr/include")
endif()

set(PREFIX_PATH "${WORK_DIR}/root/usr")
include(${CMAKE_CURRENT_LIST_DIR}/build.cmake)
