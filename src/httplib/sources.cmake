# The cpp-httplib adapter (rediscache::httplib), built only when cpp-httplib is installed.
# Debian's libcpp-httplib-dev is a compiled library whose struct layout depends on the macros in
# its pkg-config file, so the flags come from there.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(CPP_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
endif()
if(CPP_HTTPLIB_FOUND)
  set(REDISCACHE_HAS_HTTPLIB ON)
  add_library(rediscache_httplib ${CMAKE_CURRENT_LIST_DIR}/adapter.cpp)
  add_library(rediscache::httplib ALIAS rediscache_httplib)
  set_target_properties(rediscache_httplib PROPERTIES
    CXX_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON EXPORT_NAME httplib)
  target_link_libraries(rediscache_httplib PUBLIC rediscache::http PkgConfig::CPP_HTTPLIB)
  rediscache_set_warnings(rediscache_httplib)
else()
  set(REDISCACHE_HAS_HTTPLIB OFF)
  message(STATUS "rediscache: cpp-httplib not found, the httplib adapter is skipped")
endif()
