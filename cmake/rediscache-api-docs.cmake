# The API reference: Doxygen over the public headers. An undocumented public declaration is a
# warning and warnings fail the run, so building rediscache_api_docs is also the check that the
# API is documented (ctest -R docs.api). The target stays out of "all".
find_package(Doxygen QUIET)
if(REDISCACHE_TOP_LEVEL AND DOXYGEN_FOUND)
  set(api_docs_default ON)
else()
  set(api_docs_default OFF)
endif()
option(REDISCACHE_BUILD_API_DOCS "Build the API reference with Doxygen (target rediscache_api_docs)"
  ${api_docs_default})
if(NOT REDISCACHE_BUILD_API_DOCS)
  return()
endif()
if(NOT DOXYGEN_FOUND)
  message(FATAL_ERROR "REDISCACHE_BUILD_API_DOCS needs doxygen (Debian: apt-get install doxygen)")
endif()

set(REDISCACHE_API_DOCS_DIR ${PROJECT_BINARY_DIR}/docs/api)
set(api_html_dir ${REDISCACHE_API_DOCS_DIR}/html)
set(api_mainpage ${REDISCACHE_API_DOCS_DIR}/api-mainpage.md)

# The main page links the guides relative to docs/; in the HTML they sit a path away, and
# Doxygen would turn a markdown link to a .md file into a reference of its own, so plain anchors.
file(READ ${PROJECT_SOURCE_DIR}/docs/api-mainpage.md mainpage)
file(RELATIVE_PATH guides_from_html ${api_html_dir} ${PROJECT_SOURCE_DIR}/docs)
string(REGEX REPLACE "\\[([^]]+)\\]\\(([a-z-]+\\.md)\\)"
  "<a href=\"${guides_from_html}/\\2\">\\1</a>" mainpage "${mainpage}")
# Written through configure_file, which leaves an unchanged page (and so the reference) alone.
file(WRITE ${api_mainpage}.in "${mainpage}")
configure_file(${api_mainpage}.in ${api_mainpage} COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/docs/api-mainpage.md)

configure_file(${PROJECT_SOURCE_DIR}/docs/Doxyfile.in ${REDISCACHE_API_DOCS_DIR}/Doxyfile @ONLY)
file(GLOB_RECURSE api_headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/*.hpp)

# The stamp is written only when Doxygen succeeded, so a failed run is repeated on the next build.
add_custom_command(
  OUTPUT ${REDISCACHE_API_DOCS_DIR}/api_docs.stamp
  COMMAND Doxygen::doxygen ${REDISCACHE_API_DOCS_DIR}/Doxyfile
  COMMAND ${CMAKE_COMMAND} -E touch ${REDISCACHE_API_DOCS_DIR}/api_docs.stamp
  DEPENDS ${api_headers} ${api_mainpage} ${REDISCACHE_API_DOCS_DIR}/Doxyfile
  WORKING_DIRECTORY ${REDISCACHE_API_DOCS_DIR}
  COMMENT "Generating the API reference in ${api_html_dir}"
  VERBATIM)
add_custom_target(rediscache_api_docs DEPENDS ${REDISCACHE_API_DOCS_DIR}/api_docs.stamp)
