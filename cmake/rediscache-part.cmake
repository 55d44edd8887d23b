# rediscache_add_part(<name> [HIDDEN_VISIBILITY] SOURCES <file>...): one of the optional libraries
# built beside the core (rediscache_<name>, alias and export name rediscache::<name>), linked to
# it. Each part is recorded in the global property REDISCACHE_PARTS, from which install, the
# package config's components and the docs snippets take the list.
function(rediscache_add_part name)
  cmake_parse_arguments(PARSE_ARGV 1 part "HIDDEN_VISIBILITY" "" "SOURCES")
  set(target rediscache_${name})
  add_library(${target} ${part_SOURCES})
  add_library(rediscache::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES
    CXX_EXTENSIONS OFF
    POSITION_INDEPENDENT_CODE ON
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    EXPORT_NAME ${name})
  if(part_HIDDEN_VISIBILITY)
    set_target_properties(${target} PROPERTIES
      CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    target_compile_definitions(${target} PRIVATE REDISCACHE_BUILDING)
  endif()
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC rediscache::rediscache)
  rediscache_set_warnings(${target})
  set_property(GLOBAL APPEND PROPERTY REDISCACHE_PARTS ${name})
endfunction()
