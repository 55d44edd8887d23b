# Finds libzstd and defines zstd::zstd. Prefers zstd's own package config (Debian, vcpkg and Conan
# install one, naming its targets zstd::libzstd, zstd::libzstd_shared or zstd::libzstd_static);
# falls back to pkg-config and then a plain search.
# Installed next to rediscache-config.cmake, so a static rediscache can find it again for users.
if(TARGET zstd::zstd)
  set(zstd_FOUND TRUE)
  return()
endif()

find_package(zstd CONFIG QUIET)
foreach(_zstd_target IN ITEMS zstd::libzstd zstd::libzstd_shared zstd::libzstd_static)
  if(TARGET ${_zstd_target})
    add_library(zstd::zstd INTERFACE IMPORTED)
    set_target_properties(zstd::zstd PROPERTIES INTERFACE_LINK_LIBRARIES ${_zstd_target})
    break()
  endif()
endforeach()
unset(_zstd_target)
if(TARGET zstd::zstd)
  set(zstd_FOUND TRUE)
  return()
endif()

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_ZSTD QUIET libzstd)
endif()
find_path(ZSTD_INCLUDE_DIR zstd.h HINTS ${PC_ZSTD_INCLUDE_DIRS})
find_library(ZSTD_LIBRARY NAMES zstd libzstd zstd_static HINTS ${PC_ZSTD_LIBRARY_DIRS})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(zstd
  REQUIRED_VARS ZSTD_LIBRARY ZSTD_INCLUDE_DIR
  VERSION_VAR PC_ZSTD_VERSION)
if(zstd_FOUND AND NOT TARGET zstd::zstd)
  add_library(zstd::zstd UNKNOWN IMPORTED)
  set_target_properties(zstd::zstd PROPERTIES
    IMPORTED_LOCATION "${ZSTD_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${ZSTD_INCLUDE_DIR}")
endif()
mark_as_advanced(ZSTD_INCLUDE_DIR ZSTD_LIBRARY)
