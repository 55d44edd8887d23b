# Installs the library, its headers, a CMake package (rediscache::rediscache) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS rediscache EXPORT rediscache-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/rediscache DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/generated/rediscache/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rediscache)

set(REDISCACHE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rediscache)
install(EXPORT rediscache-targets NAMESPACE rediscache:: DESTINATION ${REDISCACHE_CMAKE_DIR})
configure_package_config_file(cmake/rediscache-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/rediscache-config.cmake
  INSTALL_DESTINATION ${REDISCACHE_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/rediscache-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/rediscache-config.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/rediscache-config-version.cmake
  cmake/Findhiredis.cmake
  DESTINATION ${REDISCACHE_CMAKE_DIR})

if(BUILD_SHARED_LIBS)
  set(REDISCACHE_PC_PRIVATE "")
  set(REDISCACHE_PC_CFLAGS "")
else()
  set(REDISCACHE_PC_PRIVATE "hiredis openssl")
  set(REDISCACHE_PC_CFLAGS "-DREDISCACHE_STATIC")
endif()
configure_file(cmake/rediscache.pc.in ${CMAKE_CURRENT_BINARY_DIR}/rediscache.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/rediscache.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
