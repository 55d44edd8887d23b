# Finds hiredis and defines hiredis::hiredis. Prefers a package config (vcpkg, Conan, hiredis >= 1.0
# installs one); falls back to pkg-config and then a plain search, for distributions such as Debian
# whose hiredis 0.14 ships neither a usable config nor targets.
# Installed next to rediscache-config.cmake, so a static rediscache can find it again for users.
if(TARGET hiredis::hiredis)
  set(hiredis_FOUND TRUE)
  return()
endif()

find_package(hiredis CONFIG QUIET)
# A static-only hiredis >= 1.0 build exports just hiredis::hiredis_static.
if(NOT TARGET hiredis::hiredis AND TARGET hiredis::hiredis_static)
  add_library(hiredis::hiredis INTERFACE IMPORTED)
  set_target_properties(hiredis::hiredis PROPERTIES INTERFACE_LINK_LIBRARIES hiredis::hiredis_static)
endif()
if(TARGET hiredis::hiredis)
  set(hiredis_FOUND TRUE)
  return()
endif()

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_HIREDIS QUIET hiredis)
endif()
# hiredis.pc names <prefix>/include/hiredis as its include dir, while sources say <hiredis/read.h>;
# so the parent of that directory is the useful hint.
set(_hiredis_include_hints)
foreach(_dir IN LISTS PC_HIREDIS_INCLUDE_DIRS)
  get_filename_component(_parent "${_dir}" DIRECTORY)
  list(APPEND _hiredis_include_hints "${_dir}" "${_parent}")
endforeach()
find_path(HIREDIS_INCLUDE_DIR hiredis/read.h HINTS ${_hiredis_include_hints})
find_library(HIREDIS_LIBRARY NAMES hiredis HINTS ${PC_HIREDIS_LIBRARY_DIRS})
unset(_hiredis_include_hints)
unset(_dir)
unset(_parent)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(hiredis
  REQUIRED_VARS HIREDIS_LIBRARY HIREDIS_INCLUDE_DIR
  VERSION_VAR PC_HIREDIS_VERSION)
if(hiredis_FOUND AND NOT TARGET hiredis::hiredis)
  add_library(hiredis::hiredis UNKNOWN IMPORTED)
  set_target_properties(hiredis::hiredis PROPERTIES
    IMPORTED_LOCATION "${HIREDIS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${HIREDIS_INCLUDE_DIR}")
endif()
mark_as_advanced(HIREDIS_INCLUDE_DIR HIREDIS_LIBRARY)
