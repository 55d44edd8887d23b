# The Boost.Beast adapter (rediscache::beast), built only when Boost's headers are found; Beast
# and Asio are header-only.
find_package(Boost 1.70 QUIET CONFIG)
if(Boost_FOUND AND EXISTS "${Boost_INCLUDE_DIRS}/boost/beast.hpp")
  set(REDISCACHE_HAS_BEAST ON)
  add_library(rediscache_beast ${CMAKE_CURRENT_LIST_DIR}/adapter.cpp)
  add_library(rediscache::beast ALIAS rediscache_beast)
  set_target_properties(rediscache_beast PROPERTIES
    CXX_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON EXPORT_NAME beast)
  target_link_libraries(rediscache_beast PUBLIC rediscache::http Boost::headers Threads::Threads)
  rediscache_set_warnings(rediscache_beast)
else()
  set(REDISCACHE_HAS_BEAST OFF)
  message(STATUS "rediscache: Boost.Beast not found, the Beast adapter is skipped")
endif()
