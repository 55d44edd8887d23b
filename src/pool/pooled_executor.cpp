#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include "log/log_impl.hpp"
#include "pool/retry.hpp"

#include <thread>

namespace rediscache {

executor::~executor() = default;

executor_claim::~executor_claim() {
  try {
    exec_->close();
  } catch (const std::exception& e) {
    detail::log_warn("closing an executor failed: {}", e.what());
  }
}

pooled_executor::pooled_executor(connection_options connection, pool_options pool)
    : pool_(std::move(connection), pool) {}

pooled_executor::pooled_executor(const client_options& options)
    : pooled_executor(options.connection, options.pool) {}

pooled_executor pooled_executor::from_url(std::string_view url) {
  return pooled_executor(parse_url(url));
}

// Runs work on a pooled connection. The pool's broken connection goes away with its lease, so a
// retry always gets another one. Work that may run twice skips the pool's look for a close by
// the server (a syscall per reuse under load): an idle connection that turns out closed costs one
// immediate retry, after which the other idle connections are checked as usual.
template <class Work>
auto pooled_executor::with_retries(bool idempotent, Work&& work)
    -> decltype(work(std::declval<connection&>())) {
  const retry_options& policy = pool_.settings().retry;
  bool fresh_retry_used = false;
  bool check_close = !idempotent;
  int retries = 0;
  for (;;) {
    bool sent = false;
    bool unchecked = false;
    try {
      auto lease = check_close ? pool_.acquire() : pool_.acquire_unchecked(unchecked);
      try {
        return work(*lease);
      } catch (const connection_error&) {
        sent = lease->sent_before_failure();
        throw;
      }
    } catch (const pool_timeout_error&) {
      throw;
    } catch (const connection_error& e) {
      bool timed_out = e.code() == errc::timeout;
      if (unchecked && !timed_out) {
        check_close = true;
        pool_.drop_closed_idle();
        detail::log_debug("retrying after an unchecked idle connection failed: {}", e.what());
        continue;
      }
      if (!sent && !timed_out && !fresh_retry_used) {
        fresh_retry_used = true;
        detail::log_debug("retrying on a fresh connection: {}", e.what());
        continue;
      }
      if (!idempotent || retries >= policy.max_retries || (timed_out && !policy.retry_on_timeout)) {
        throw;
      }
      auto delay = detail::backoff_delay(policy, retries++);
      detail::log_debug("retry {} after {} us: {}", retries, delay.count(), e.what());
      std::this_thread::sleep_for(delay);
    }
  }
}

void executor::with_connection(std::string_view, const std::function<void(connection&)>&) {
  throw unsupported_error("this executor cannot reserve a connection for a caller");
}

void pooled_executor::with_connection(std::string_view,
                                      const std::function<void(connection&)>& fn) {
  auto lease = pool_.acquire();
  fn(*lease);
}

void pooled_executor::close() { pool_.close(); }

namespace {
// A blocking command that was sent is never sent again: its wait is the caller's whole budget.
bool may_retry(const command& cmd) { return cmd.idempotent() && cmd.block_time().count() == 0; }
}  // namespace

reply pooled_executor::run(const command& cmd) {
  return with_retries(may_retry(cmd), [&](connection& c) { return c.execute(cmd); });
}

std::vector<reply> pooled_executor::run_batch(const std::vector<command>& commands) {
  bool idempotent = true;
  for (const auto& cmd : commands) idempotent = idempotent && may_retry(cmd);
  return with_retries(idempotent, [&](connection& c) { return c.pipeline(commands); });
}

transaction_result pooled_executor::run_transaction(const std::vector<command>& commands) {
  bool idempotent = true;
  for (const auto& cmd : commands) idempotent = idempotent && cmd.idempotent();
  return with_retries(idempotent, [&](connection& c) { return c.transaction(commands); });
}

}  // namespace rediscache
