#pragma once

#include <rediscache/command_result.hpp>
#include <rediscache/export.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/typed_command.hpp>
#include <rediscache/value_codec.hpp>

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <utility>

namespace rediscache {

class cache;

/// The typed commands of include/rediscache/commands/ without blocking, on a multiplexed
/// executor: each call returns at once, and its result arrives in a future or a callback. No
/// thread waits per call. Callbacks run on the executor's I/O thread and must not block. Commands
/// that cannot share a connection (blocking pops, WATCH, ...) throw unsupported_error.
class REDISCACHE_API async_client {
 public:
  /// Runs commands on exec; codec converts values in replies (what cache.get<T> would read).
  explicit async_client(std::shared_ptr<multiplexed_executor> exec, value_codec codec = value_codec());
  /// The async client of a cache alias on a multiplexed executor (executor=multiplexed): its
  /// connection and its codec. unsupported_error for any other alias.
  static async_client of(const cache& c);

  ///@{
  /// Runs cmd; its converted result, or the failure, goes to done or to the future.
  template <class T>
  void run(const typed_command<T>& cmd, std::function<void(command_result<T>)> done) const {
    auto convert = cmd.conversion();
    exec_->run_async(cmd.raw(), [convert, codec = codec_, done = std::move(done)](
                                    std::exception_ptr failure, reply r) {
      if (failure) return done(command_result<T>(std::move(failure)));
      try {
        done(make_result<T>(convert, std::move(r), *codec));
      } catch (...) {
        done(command_result<T>(std::current_exception()));
      }
    });
  }

  template <class T>
  std::future<T> run(const typed_command<T>& cmd) const {
    auto promise = std::make_shared<std::promise<T>>();
    auto result = promise->get_future();
    run(cmd, std::function<void(command_result<T>)>([promise](command_result<T> outcome) {
          try {
            promise->set_value(std::move(outcome).value());
          } catch (...) {
            promise->set_exception(std::current_exception());
          }
        }));
    return result;
  }
  ///@}

  multiplexed_executor& commands() const noexcept { return *exec_; }  ///< The executor.
  const value_codec& codec() const noexcept { return *codec_; }       ///< The codec of values.

 private:
  std::shared_ptr<multiplexed_executor> exec_;
  std::shared_ptr<const value_codec> codec_;
};

}  // namespace rediscache
