#include "channels/channels_env.hpp"

#include <cstdlib>
#include <memory>

namespace rediscache::test {
namespace {

std::unique_ptr<redis_server>& server_slot(int i) {
  static std::unique_ptr<redis_server> servers[2];
  return servers[i];
}

const ::testing::Environment* const registered =
    ::testing::AddGlobalTestEnvironment(new channels_env);

}  // namespace

redis_server& channels_env::server(int i) {
  auto& slot = server_slot(i);
  if (!slot) slot = std::make_unique<redis_server>();
  return *slot;
}

std::string channels_env::url(int i) { return url_of(server(i)); }

bool channels_env::python_channels_available() {
  static const bool available =
      std::system("/usr/bin/python3 -c 'import channels_redis, msgpack' >/dev/null 2>&1") == 0;
  return available;
}

run_result channels_env::python(const std::string& mode, const std::string& hosts,
                                const std::string& args) {
  return run("/usr/bin/python3 " + std::string(PYTHON_DIR) + "/layer.py " + mode + " " + hosts +
             " " + args);
}

std::vector<std::string> channels_env::python_command(const std::string& mode,
                                                      const std::string& hosts,
                                                      const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/python3", std::string(PYTHON_DIR) + "/layer.py", mode,
                                hosts};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

void channels_env::TearDown() {
  server_slot(0).reset();
  server_slot(1).reset();
}

}  // namespace rediscache::test
