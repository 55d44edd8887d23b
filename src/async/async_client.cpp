#include <rediscache/async/async_client.hpp>
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>

namespace rediscache {

async_client::async_client(std::shared_ptr<multiplexed_executor> exec, value_codec codec)
    : exec_(std::move(exec)), codec_(std::make_shared<const value_codec>(std::move(codec))) {
  if (!exec_) throw config_error("an async client needs a multiplexed executor");
}

async_client async_client::of(const cache& c) {
  auto exec = std::dynamic_pointer_cast<multiplexed_executor>(executor_of(c, "an async client"));
  if (!exec) {
    throw unsupported_error("cache '" + c.options().name +
                            "' is not on a multiplexed executor (executor=multiplexed), so it "
                            "has no async client");
  }
  return async_client(std::move(exec), c.values());
}

}  // namespace rediscache
