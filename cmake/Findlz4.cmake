# Finds liblz4 and defines lz4::lz4. Prefers a package config (vcpkg, Conan and lz4's own CMake
# build install one, under several target names); falls back to pkg-config and then a plain
# search, for distributions such as Debian that ship only liblz4.pc.
# Installed next to rediscache-config.cmake, so a static rediscache can find it again for users.
if(TARGET lz4::lz4)
  set(lz4_FOUND TRUE)
  return()
endif()

find_package(lz4 CONFIG QUIET)
if(NOT TARGET lz4::lz4)
  foreach(_lz4_target IN ITEMS LZ4::lz4 LZ4::lz4_shared LZ4::lz4_static)
    if(TARGET ${_lz4_target})
      add_library(lz4::lz4 INTERFACE IMPORTED)
      set_target_properties(lz4::lz4 PROPERTIES INTERFACE_LINK_LIBRARIES ${_lz4_target})
      break()
    endif()
  endforeach()
  unset(_lz4_target)
endif()
if(TARGET lz4::lz4)
  set(lz4_FOUND TRUE)
  return()
endif()

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_LZ4 QUIET liblz4)
endif()
find_path(LZ4_INCLUDE_DIR lz4frame.h HINTS ${PC_LZ4_INCLUDE_DIRS})
find_library(LZ4_LIBRARY NAMES lz4 liblz4 HINTS ${PC_LZ4_LIBRARY_DIRS})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(lz4
  REQUIRED_VARS LZ4_LIBRARY LZ4_INCLUDE_DIR
  VERSION_VAR PC_LZ4_VERSION)
if(lz4_FOUND AND NOT TARGET lz4::lz4)
  add_library(lz4::lz4 UNKNOWN IMPORTED)
  set_target_properties(lz4::lz4 PROPERTIES
    IMPORTED_LOCATION "${LZ4_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LZ4_INCLUDE_DIR}")
endif()
mark_as_advanced(LZ4_INCLUDE_DIR LZ4_LIBRARY)
