#include <rediscache/cache.hpp>
#include <rediscache/command.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/redis_backend.hpp>

namespace rediscache {

long long publish(executor& exec, std::string_view channel, std::string_view message) {
  return exec.run(command{"PUBLISH", channel, message}).integer();
}

long long publish(const cache& c, std::string_view channel, std::string_view message) {
  return publish(*executor_of(c, "publish"), channel, message);
}

}  // namespace rediscache
