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

/// \namespace rediscache::http
/// The framework-neutral web layer: request and response, the response cache, conditional
/// requests, and the session and rate-limit middleware; an adapter maps a web framework onto it.

/// \namespace rediscache::httplib_adapter
/// The cpp-httplib adapter (component rediscache::httplib): maps cpp-httplib requests and
/// responses onto rediscache::http and wraps neutral handlers as cpp-httplib handlers.

/// \namespace rediscache::beast_adapter
/// The Boost.Beast adapter (component rediscache::beast): maps Beast requests and responses onto
/// rediscache::http and serves one accepted connection with a neutral handler.

/// \namespace rediscache::celery
/// Celery interoperability: sends tasks and reads results the way Celery 5 with kombu's Redis
/// transport does, and runs a worker that executes tasks from Python or C++ producers.

/// \namespace rediscache::channels
/// A Django Channels layer sharing Redis with channels_redis 4: channels, groups and the pub/sub
/// variant.
