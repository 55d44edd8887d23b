#pragma once

#include "pool/retry.hpp"

#include <rediscache/error.hpp>
#include <rediscache/url.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace rediscache::detail {

// Whether one cluster call may try again, by pooled_executor's rules plus the cluster's own:
// - a failure before any byte was sent is retried once at once on a fresh connection; after
//   that the node is taken for unreachable and waited for (a replica may be taking over);
// - after bytes were sent only idempotent calls are retried, with backoff, up to max_retries,
//   and timeouts only with retry_on_timeout;
// - TRYAGAIN, CLUSTERDOWN and unreachable nodes are waited for with backoff until the call's
//   socket timeout has passed;
// - at most max_redirects MOVED or ASK.
class attempts {
 public:
  using clock_type = std::chrono::steady_clock;

  attempts(const client_options& options, bool idempotent)
      : retry_(options.pool.retry),
        idempotent_(idempotent),
        deadline_(clock_type::now() + options.connection.socket_timeout) {}

  // After a connection failure: true, having slept any backoff, when the call may go again.
  bool after_failure(const connection_error& e, bool sent) {
    if (e.code() == errc::pool_timeout || e.code() == errc::closed) return false;
    const bool timed_out = e.code() == errc::timeout;
    if (!sent && !timed_out) {
      if (!fresh_retry_used_) {
        fresh_retry_used_ = true;
        return true;
      }
      return wait();
    }
    if (!idempotent_ || retries_ >= retry_.max_retries || (timed_out && !retry_.retry_on_timeout)) {
      return false;
    }
    std::this_thread::sleep_for(backoff_delay(retry_, retries_++));
    return true;
  }

  // Sleeps a backoff and returns true while the socket timeout leaves room for another attempt.
  bool wait() {
    const auto now = clock_type::now();
    if (now >= deadline_) return false;
    auto delay = std::max<clock_type::duration>(backoff_delay(retry_, waits_++),
                                                std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::min<clock_type::duration>(delay, deadline_ - now));
    return true;
  }

  bool redirect(int max_redirects) { return ++redirects_ <= max_redirects; }

 private:
  const retry_options& retry_;
  bool idempotent_;
  clock_type::time_point deadline_;
  bool fresh_retry_used_ = false;
  int retries_ = 0;
  int waits_ = 0;
  int redirects_ = 0;
};

}  // namespace rediscache::detail
