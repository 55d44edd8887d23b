#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>

#include <memory>

namespace rediscache {

/// While one of these lives, reads made by the same thread go to the primary instead of a replica,
/// for every topology with replica reads (replicas and sentinel): read what you have just written
/// elsewhere, or where staleness matters for one call. Scopes nest; the cache, sessions, locks,
/// rate limits and raw clients all honour it, since they call their executor on the caller's
/// thread.
///
///   {
///     rediscache::primary_reads fresh;
///     auto order = cache.get<order_t>("order:42");  // never a replica's stale copy
///   }
class REDISCACHE_API primary_reads {
 public:
  primary_reads() noexcept;
  ~primary_reads();
  primary_reads(const primary_reads&) = delete;
  primary_reads& operator=(const primary_reads&) = delete;

  /// Whether a scope is open on the calling thread.
  static bool active() noexcept;
};

/// An executor that runs every call of `inner` as if inside a primary_reads scope, for handing to
/// code that should never read from a replica: client(reads_from_primary(registry.client("default").shared_commands())).
REDISCACHE_API std::shared_ptr<executor> reads_from_primary(std::shared_ptr<executor> inner);

}  // namespace rediscache
