#pragma once

#include <chrono>
#include <functional>

namespace rediscache {

/// How cache::get_or_set with a callable protects a key from a stampede of recomputations.
struct stampede_options {
  /// Concurrent misses of one key (and value type) on one alias in this process run the callable
  /// once; every caller gets its result, or the exception it threw.
  bool single_flight = true;

  /// XFetch (Vattani et al., "Optimal probabilistic cache stampede prevention"): a caller that
  /// finds the value recomputes it early, before it expires, when
  ///   compute_time * beta * -ln(uniform()) >= remaining time to live,
  /// so recomputation grows likelier as expiry nears and is rarely done by more than one caller.
  /// 0 turns it off; 1 is the paper's default, above 1 favours earlier recomputation. The compute
  /// time is kept in a sibling key "<stored key>:__delta__" (milliseconds as decimal text, same
  /// expiry), so the value itself stays exactly what get() and Django read.
  double xfetch_beta = 0;

  /// Serialises recomputation of a key across processes with a distributed_lock on
  /// "<stored key>:__recompute__" (Redis aliases only): a miss waits for another process' run
  /// and then reads its value; a waiter that gives up after lock_wait computes anyway. An early
  /// (XFetch) recomputation never waits: when the lock is busy the current value is returned.
  bool lock_across_processes = false;
  ///@{
  /// Longest hold of that lock (its TTL), and longest wait for it.
  std::chrono::milliseconds lock_timeout{30000};
  std::chrono::milliseconds lock_wait{10000};
  ///@}

  ///@{
  /// Injection points for tests: the clock that times the callable (steady_clock when empty) and
  /// the uniform random number in (0, 1] of the XFetch rule (a per-thread generator when empty).
  std::function<std::chrono::steady_clock::time_point()> clock;
  std::function<double()> uniform;
  ///@}
};

}  // namespace rediscache
