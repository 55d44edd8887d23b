# The C++ blocks of the README and docs/ pages, compiled so that what a reader pastes builds:
# whole programs are compiled and linked, fragments compiled after a prelude of every public
# header. The targets stay out of "all"; the test docs.snippets builds them, so a broken snippet
# is a failing test that names the page and block.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(snippet_dir ${CMAKE_CURRENT_BINARY_DIR}/docs_snippets)
file(GLOB doc_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
list(PREPEND doc_pages ${PROJECT_SOURCE_DIR}/README.md)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${doc_pages} ${CMAKE_CURRENT_LIST_DIR}/extract_snippets.py)
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/extract_snippets.py ${snippet_dir} ${doc_pages}
  RESULT_VARIABLE extracted)
if(NOT extracted EQUAL 0)
  message(FATAL_ERROR "extracting the docs' C++ snippets failed")
endif()

file(GLOB public_headers RELATIVE ${PROJECT_SOURCE_DIR}/include CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/include/rediscache/*.hpp ${PROJECT_SOURCE_DIR}/include/rediscache/*/*.hpp)
set(prelude "#pragma once\n")
foreach(header IN LISTS public_headers)
  string(APPEND prelude "#include <${header}>\n")
endforeach()
string(APPEND prelude "#include <iostream>\n#include <mutex>\nusing namespace std::chrono_literals;\n")
file(CONFIGURE OUTPUT ${snippet_dir}/prelude.hpp CONTENT "${prelude}")

# The optional libraries a guide may use, when they are built.
set(snippet_libraries rediscache::rediscache spdlog::spdlog)
get_property(parts GLOBAL PROPERTY REDISCACHE_PARTS)
list(TRANSFORM parts PREPEND rediscache:: OUTPUT_VARIABLE part_targets)
list(APPEND snippet_libraries ${part_targets})

add_custom_target(rediscache_docs_snippets)
file(READ ${snippet_dir}/fragments.txt fragments)
add_library(rediscache_docs_fragments OBJECT EXCLUDE_FROM_ALL)
list(TRANSFORM fragments PREPEND ${snippet_dir}/)
target_sources(rediscache_docs_fragments PRIVATE ${fragments})
target_link_libraries(rediscache_docs_fragments PRIVATE ${snippet_libraries})
target_include_directories(rediscache_docs_fragments PRIVATE ${snippet_dir})
target_compile_options(rediscache_docs_fragments PRIVATE -Wno-unused-variable -Wno-unused-but-set-variable)
add_dependencies(rediscache_docs_snippets rediscache_docs_fragments)

file(READ ${snippet_dir}/programs.txt programs)
foreach(program IN LISTS programs)
  get_filename_component(name ${program} NAME_WE)
  add_executable(rediscache_docs_${name} EXCLUDE_FROM_ALL ${snippet_dir}/${program})
  target_link_libraries(rediscache_docs_${name} PRIVATE ${snippet_libraries})
  rediscache_set_warnings(rediscache_docs_${name})
  add_dependencies(rediscache_docs_snippets rediscache_docs_${name})
endforeach()

add_test(NAME docs.snippets
  COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target rediscache_docs_snippets)
# A compile of the whole set: run alone, and not again in the sanitizer pass (it runs no code).
set_tests_properties(docs.snippets PROPERTIES LABELS "consumer;docs" RUN_SERIAL TRUE TIMEOUT 900)
