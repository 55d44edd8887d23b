# Debian packages with CPack (`cpack -G DEB` in a build directory): librediscache-dev, and with
# BUILD_SHARED_LIBS=ON also librediscache<soversion> holding the shared library. Dependencies are
# the Debian packages of the libraries rediscache links, named as in Debian 12.
set(CPACK_PACKAGE_NAME rediscache)
set(CPACK_PACKAGE_VENDOR rediscache)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "C++17 Redis client: a typed cache facade, sessions, locks, rate limits and pub/sub")
set(CPACK_PACKAGE_CONTACT "rediscache maintainers <maintainers@rediscache.invalid>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(_rediscache_runtime_name librediscache${PROJECT_VERSION_MAJOR})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${_rediscache_runtime_name})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS
  "libhiredis0.14, libssl3, libfmt9, libspdlog1.10, zlib1g, liblz4-1, libzstd1")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME librediscache-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(_rediscache_dev_depends
  "libhiredis-dev, libssl-dev, libfmt-dev, libspdlog-dev, nlohmann-json3-dev, zlib1g-dev, liblz4-dev, libzstd-dev")
if(REDISCACHE_PACKAGE_STATIC)
  set(CPACK_COMPONENTS_ALL dev)
else()
  set(CPACK_COMPONENTS_ALL runtime dev)
  string(APPEND _rediscache_dev_depends ", ${_rediscache_runtime_name} (= ${PROJECT_VERSION})")
endif()
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${_rediscache_dev_depends}")
unset(_rediscache_runtime_name)
unset(_rediscache_dev_depends)
include(CPack)
