# cmake -P pkg_config.cmake -DPKG_CONFIG=<path> -DPREFIX=<install prefix> -DLIBDIR=<lib dir>
#   -DSTATIC=<bool> -DCXX_COMPILER=<path> -DCXX_FLAGS=<flags> -DAPP_SOURCE=<main.cpp>
#   -DBINARY_DIR=<dir> -DEXPECTED_VERSION=<x.y.z>
# Builds the consumer app with one plain compiler command, taking every flag from
# `pkg-config --cflags --libs rediscache`, as a Makefile or Meson user would.
include(${CMAKE_CURRENT_LIST_DIR}/consumer_helpers.cmake)

set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
set(pkg_config_args --cflags --libs)
if(STATIC)
  # A static library's own dependencies (hiredis, OpenSSL, fmt) come from Requires.private.
  list(APPEND pkg_config_args --static)
endif()
list(JOIN pkg_config_args " " shown_args)
execute_process(COMMAND "${PKG_CONFIG}" ${pkg_config_args} rediscache
  RESULT_VARIABLE result OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "pkg-config ${shown_args} rediscache failed (${result})")
endif()
message(STATUS "pkg-config ${shown_args} rediscache: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(cxx_flags UNIX_COMMAND "${CXX_FLAGS}")

set(rpath)
if(NOT STATIC)
  # The shared library is not on the loader's path; users would install it where it is.
  set(rpath "-Wl,-rpath,${PREFIX}/${LIBDIR}")
endif()
file(REMOVE_RECURSE "${BINARY_DIR}")
file(MAKE_DIRECTORY "${BINARY_DIR}")
rediscache_consumer_step("${CXX_COMPILER}" -std=c++17 ${cxx_flags} "${APP_SOURCE}"
  -o "${BINARY_DIR}/consumer_app" ${flags} ${rpath})
rediscache_consumer_run("${BINARY_DIR}/consumer_app" "${EXPECTED_VERSION}")
