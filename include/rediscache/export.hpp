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
