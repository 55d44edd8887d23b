# Installs the library, its headers, a CMake package (rediscache::rediscache) and a pkg-config file.
# Included from the top-level CMakeLists.txt, so paths are relative to the rediscache source tree.
# Components: "runtime" is the shared library alone, "dev" everything a build needs (headers, the
# static library or the .so link, CMake and pkg-config files); CPack makes one package of each.
include(CMakePackageConfigHelpers)

install(TARGETS rediscache EXPORT rediscache-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The optional libraries built beside the core install the same way; the server adapters do not
# (their servers' own CMake targets cannot be exported with them).
get_property(_rediscache_parts GLOBAL PROPERTY REDISCACHE_PARTS)
foreach(_rediscache_part IN LISTS _rediscache_parts)
  install(TARGETS rediscache_${_rediscache_part} EXPORT rediscache-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/rediscache DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev)
install(FILES ${PROJECT_BINARY_DIR}/generated/rediscache/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rediscache COMPONENT dev)

# The package files depend on what was built, not on how BUILD_SHARED_LIBS happened to be set.
get_target_property(_rediscache_type rediscache TYPE)
if(_rediscache_type STREQUAL "STATIC_LIBRARY")
  set(REDISCACHE_PACKAGE_STATIC ON)
else()
  set(REDISCACHE_PACKAGE_STATIC OFF)
endif()
unset(_rediscache_type)

set(REDISCACHE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rediscache)
install(EXPORT rediscache-targets NAMESPACE rediscache:: DESTINATION ${REDISCACHE_CMAKE_DIR}
  COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rediscache-config.cmake.in
  ${PROJECT_BINARY_DIR}/rediscache-config.cmake
  INSTALL_DESTINATION ${REDISCACHE_CMAKE_DIR})
# 0.x: a new minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rediscache-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/rediscache-config.cmake
  ${PROJECT_BINARY_DIR}/rediscache-config-version.cmake
  ${PROJECT_SOURCE_DIR}/cmake/Findhiredis.cmake
  ${PROJECT_SOURCE_DIR}/cmake/Findlz4.cmake
  ${PROJECT_SOURCE_DIR}/cmake/Findzstd.cmake
  DESTINATION ${REDISCACHE_CMAKE_DIR} COMPONENT dev)

# The .pc file finds its prefix from its own location, so `cmake --install --prefix` and
# relocated packages work; an absolute libdir (distribution packaging) is taken as it is.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(REDISCACHE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(REDISCACHE_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _rediscache_pc_up "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
  string(REGEX REPLACE "/$" "" _rediscache_pc_up "${_rediscache_pc_up}")
  set(REDISCACHE_PC_PREFIX "\${pcfiledir}/${_rediscache_pc_up}")
  set(REDISCACHE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  unset(_rediscache_pc_up)
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(REDISCACHE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(REDISCACHE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# Private dependencies matter only to a static library, which users link with `--static`.
if(REDISCACHE_PACKAGE_STATIC)
  set(REDISCACHE_PC_REQUIRES_PRIVATE "hiredis openssl fmt zlib liblz4 libzstd")
  set(REDISCACHE_PC_LIBS_PRIVATE "-pthread")
  set(REDISCACHE_PC_CFLAGS " -DREDISCACHE_STATIC")
else()
  set(REDISCACHE_PC_REQUIRES_PRIVATE "")
  set(REDISCACHE_PC_LIBS_PRIVATE "")
  set(REDISCACHE_PC_CFLAGS "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/rediscache.pc.in ${PROJECT_BINARY_DIR}/rediscache.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rediscache.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT dev)

include(rediscache-package)
