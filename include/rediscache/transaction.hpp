#pragma once

#include <rediscache/reply.hpp>

#include <vector>

namespace rediscache {

/// What MULTI ... EXEC did. replies has one entry per queued command: its result, or the error it
/// got (a queue-time error such as a wrong argument count, or a run-time error such as WRONGTYPE).
struct transaction_result {
  /// How the transaction ended.
  enum class outcome {
    committed,     ///< EXEC ran every command; some may still have failed at run time
    discarded,     ///< a command was rejected while queueing, so the server ran none (EXECABORT)
    watch_failed,  ///< a WATCHed key changed; nothing ran
  };
  outcome status = outcome::committed;  ///< how the transaction ended
  std::vector<reply> replies;  ///< one per queued command: its reply or its error

  /// Committed with no command failing.
  bool ok() const noexcept {
    if (status != outcome::committed) return false;
    for (const auto& r : replies) {
      if (r.is_error()) return false;
    }
    return true;
  }
};

}  // namespace rediscache
