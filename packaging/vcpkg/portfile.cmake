# Overlay port that builds rediscache from the checkout it lives in:
#   vcpkg install rediscache --overlay-ports=<checkout>/packaging/vcpkg
# A registry port would fetch a release instead (vcpkg_from_github with REF v${VERSION} and its
# SHA512) and keep the rest of this file.
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

# vcpkg's toolchain sets BUILD_SHARED_LIBS from the triplet's linkage. vcpkg builds rediscache as
# the top-level project, which turns tests, examples and benchmarks on by default; they need
# GoogleTest, Google Benchmark and redis-server, so they are turned off.
vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DREDISCACHE_BUILD_TESTS=OFF
    -DREDISCACHE_BUILD_EXAMPLES=OFF
    -DREDISCACHE_BUILD_BENCH=OFF
    -DREDISCACHE_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH lib/cmake/rediscache)
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
