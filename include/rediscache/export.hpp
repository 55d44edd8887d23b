#pragma once

// REDISCACHE_API marks the symbols a shared build exports; everything else stays hidden.
#if defined(REDISCACHE_STATIC)
#define REDISCACHE_API
#elif defined(_WIN32)
#if defined(REDISCACHE_BUILDING)
#define REDISCACHE_API __declspec(dllexport)
#else
#define REDISCACHE_API __declspec(dllimport)
#endif
#else
#define REDISCACHE_API __attribute__((visibility("default")))
#endif

/// \namespace rediscache
/// The library: the cache facade (cache, cache_registry), connections and topologies (client,
/// executor and its implementations), sessions, locks, rate limits and pub/sub. Every public
/// header is under rediscache/; anything in a detail namespace is internal.

/// \namespace rediscache::cmd
/// Typed Redis commands: each function builds a typed_command whose reply converts to the result
/// type, to run with client::run, in a batch or in a transaction.
