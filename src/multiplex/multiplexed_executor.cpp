#include <rediscache/error.hpp>
#include <rediscache/multiplexed_executor.hpp>

#include "connection/connection_impl.hpp"
#include "log/log_impl.hpp"
#include "multiplex/lane.hpp"
#include "pool/retry.hpp"
#include "transport/deadline.hpp"
#include "transport/tls.hpp"

#include <atomic>
#include <thread>

namespace rediscache {

struct multiplexed_executor::impl {
  impl(connection_options connection, const multiplex_options& settings)
      : options(std::move(connection)), retry(settings.pool.retry), pool(options, settings.pool) {
    std::shared_ptr<detail::tls_context> tls;
    if (options.tls.enabled) tls = std::make_shared<detail::tls_context>(options.tls);
    const std::size_t count = settings.connections == 0 ? 1 : settings.connections;
    for (std::size_t i = 0; i < count; ++i) {
      lanes.push_back(std::make_shared<detail::lane>(options, tls, retry, settings.stall_timeout,
                                                    settings.verify_reply_order));
      lanes.back()->start();
    }
  }

  ~impl() {
    for (auto& l : lanes) l->close();
  }

  detail::lane& pick() {
    if (lanes.size() == 1) return *lanes.front();
    return *lanes[next.fetch_add(1, std::memory_order_relaxed) % lanes.size()];
  }

  detail::clock::time_point deadline() const {
    return detail::deadline_after(detail::clock::now(), options.socket_timeout);
  }

  // One attempt: sent tells, when it throws connection_error, whether bytes may have gone out.
  std::vector<reply> attempt(const std::function<void(std::string&)>& encode, std::size_t count,
                             bool& sent) {
    sent = false;
    auto c = pick().submit(encode, count, deadline(), nullptr);
    if (!c->wait()) {
      sent = true;
      throw timeout_error("command to " + endpoint_name(options) + " timed out after " +
                          std::to_string(options.socket_timeout.count()) +
                          " ms; its reply will be discarded");
    }
    if (c->error) {
      sent = c->sent;
      // Taken out, so this thread holds the last reference and frees the exception itself.
      std::exception_ptr failure = std::move(c->error);
      std::rethrow_exception(failure);
    }
    return std::move(c->replies);
  }

  // The pooled executor's retry rules, on the shared connection.
  std::vector<reply> run(const std::function<void(std::string&)>& encode, std::size_t count,
                         bool idempotent) {
    bool fresh_retry_used = false;
    int retries = 0;
    for (;;) {
      bool sent = false;
      try {
        return attempt(encode, count, sent);
      } catch (const connection_error& e) {
        const bool timed_out = e.code() == errc::timeout;
        if (e.code() == errc::closed && closed.load()) throw;
        if (!sent && !timed_out && !fresh_retry_used) {
          fresh_retry_used = true;
          continue;
        }
        if (!idempotent || retries >= retry.max_retries || (timed_out && !retry.retry_on_timeout)) {
          throw;
        }
        auto delay = detail::backoff_delay(retry, retries++);
        detail::log_debug("retry {} after {} us: {}", retries, delay.count(), e.what());
        std::this_thread::sleep_for(delay);
      }
    }
  }

  // Submits without waiting; the outcome, whatever it is, goes to done.
  void submit_async(const std::function<void(std::string&)>& encode, std::size_t count,
                    std::function<void(std::exception_ptr, std::vector<reply>)> done) {
    auto finish = [done](detail::call& c) {
      try {
        std::exception_ptr failure = std::move(c.error);
        done(failure, failure ? std::vector<reply>() : std::move(c.replies));
      } catch (const std::exception& e) {
        detail::log_warn("an async completion threw: {}", e.what());
      } catch (...) {
        detail::log_warn("an async completion threw");
      }
    };
    try {
      pick().submit(encode, count, deadline(), finish);
    } catch (...) {
      done(std::current_exception(), {});
    }
  }

  connection_options options;
  retry_options retry;
  pooled_executor pool;
  std::vector<std::shared_ptr<detail::lane>> lanes;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> closed{false};
};

namespace {

bool may_retry(const command& cmd) { return cmd.idempotent(); }

void require_shared(const command& cmd) {
  if (!multiplexed_executor::shares_connection(cmd)) {
    throw unsupported_error("command " + std::string(cmd.name()) +
                            " cannot share a connection, so it has no async form: use run()");
  }
}

}  // namespace

multiplexed_executor::multiplexed_executor(connection_options connection, multiplex_options options)
    : impl_(std::make_unique<impl>(std::move(connection), options)) {}

multiplexed_executor::multiplexed_executor(const client_options& options)
    : multiplexed_executor(options.connection, multiplex_options{1, {}, true, options.pool}) {}

multiplexed_executor::~multiplexed_executor() = default;

reply multiplexed_executor::run(const command& cmd) {
  if (!shares_connection(cmd)) return impl_->pool.run(cmd);
  auto replies = impl_->run([&](std::string& out) { cmd.encode_to(out); }, 1, may_retry(cmd));
  reply& r = replies.front();
  if (r.is_error()) throw_reply(r, impl_->options);
  return std::move(r);
}

std::vector<reply> multiplexed_executor::run_batch(const std::vector<command>& commands) {
  bool idempotent = true;
  for (const auto& cmd : commands) {
    if (!shares_connection(cmd)) return impl_->pool.run_batch(commands);
    idempotent = idempotent && may_retry(cmd);
  }
  if (commands.empty()) return {};
  auto encode = [&](std::string& out) {
    for (const auto& cmd : commands) cmd.encode_to(out);
  };
  return impl_->run(encode, commands.size(), idempotent);
}

transaction_result multiplexed_executor::run_transaction(const std::vector<command>& commands) {
  return impl_->pool.run_transaction(commands);
}

void multiplexed_executor::with_connection(std::string_view key,
                                           const std::function<void(connection&)>& fn) {
  impl_->pool.with_connection(key, fn);
}

void multiplexed_executor::close() {
  impl_->closed = true;
  for (auto& l : impl_->lanes) l->close();
  impl_->pool.close();
}

std::optional<connection_options> multiplexed_executor::subscriber_connection() const {
  return impl_->options;
}

pooled_executor& multiplexed_executor::pool() noexcept { return impl_->pool; }

void multiplexed_executor::run_async(const command& cmd, reply_callback done) {
  require_shared(cmd);
  const connection_options& options = impl_->options;
  impl_->submit_async([&](std::string& out) { cmd.encode_to(out); }, 1,
                      [done = std::move(done), &options](std::exception_ptr e, std::vector<reply> r) {
                        if (e) return done(std::move(e), reply());
                        if (r.front().is_error()) {
                          try {
                            throw_reply(r.front(), options);
                          } catch (...) {
                            return done(std::current_exception(), reply());
                          }
                        }
                        done(nullptr, std::move(r.front()));
                      });
}

std::future<reply> multiplexed_executor::run_async(const command& cmd) {
  auto promise = std::make_shared<std::promise<reply>>();
  auto result = promise->get_future();
  run_async(cmd, [promise](std::exception_ptr e, reply r) {
    if (e) promise->set_exception(std::move(e));
    else promise->set_value(std::move(r));
  });
  return result;
}

void multiplexed_executor::run_batch_async(const std::vector<command>& commands,
                                           batch_callback done) {
  for (const auto& cmd : commands) require_shared(cmd);
  if (commands.empty()) return done(nullptr, {});
  impl_->submit_async(
      [&](std::string& out) {
        for (const auto& cmd : commands) cmd.encode_to(out);
      },
      commands.size(), std::move(done));
}

std::future<std::vector<reply>> multiplexed_executor::run_batch_async(
    const std::vector<command>& commands) {
  auto promise = std::make_shared<std::promise<std::vector<reply>>>();
  auto result = promise->get_future();
  run_batch_async(commands, [promise](std::exception_ptr e, std::vector<reply> r) {
    if (e) promise->set_exception(std::move(e));
    else promise->set_value(std::move(r));
  });
  return result;
}

}  // namespace rediscache
