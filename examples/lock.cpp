// Distributed locks with redis-py's semantics: a guarded critical section, a non-blocking try,
// a waiter woken by the release, fencing tokens and the auto-extend watchdog.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/lock/distributed_lock.hpp>

#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    rediscache::cache_options cache_settings;
    cache_settings.key_prefix = "example";
    auto cache = rediscache::cache::from_url(url, cache_settings);

    rediscache::lock_options options;
    options.timeout = 10s;          // the key expires if this process dies holding it
    options.blocking_timeout = 5s;  // lock() gives up (lock_error) after this
    rediscache::distributed_lock report(cache, "nightly-report", options);
    std::cout << "lock key: " << report.key() << "\n";  // example:1:nightly-report, as django-redis
    // Like any cache call, a lock can name another version of its key.
    rediscache::distributed_lock next_version(cache, "nightly-report", options,
                                              rediscache::key_version(2));
    std::cout << "versioned lock key: " << next_version.key() << "\n";  // example:2:nightly-report

    {
      std::lock_guard<rediscache::distributed_lock> guard(report);
      std::cout << "held: " << std::boolalpha << report.owned() << "\n";

      // Another client (a second lock object on the same key) cannot take it meanwhile.
      rediscache::distributed_lock other(cache, "nightly-report", options);
      std::cout << "second client try_lock: " << other.try_lock() << "\n";
    }
    std::cout << "released: locked = " << report.locked() << "\n";

    // A waiter is woken by the release notification, not by its 1 s poll.
    rediscache::lock_options slow_poll = options;
    slow_poll.sleep = 1s;
    slow_poll.sharing = rediscache::token_sharing::shared;  // released by another thread below
    rediscache::distributed_lock holder(cache, "handoff", slow_poll);
    rediscache::distributed_lock waiter(cache, "handoff", slow_poll);
    holder.lock();
    std::thread releaser([&] {
      std::this_thread::sleep_for(200ms);
      holder.unlock();
    });
    auto start = std::chrono::steady_clock::now();
    waiter.lock();
    auto waited = std::chrono::steady_clock::now() - start;
    releaser.join();
    std::cout << "waiter acquired after the release, well before its poll: "
              << (waited < 900ms ? "yes" : "no") << "\n";
    waiter.unlock();

    // Fencing tokens: pass them to the storage you protect, which rejects older ones.
    rediscache::lock_options fenced = options;
    fenced.fencing = true;
    rediscache::distributed_lock writer(cache, "ledger", fenced);
    writer.lock();
    auto first = *writer.fencing_token();
    writer.unlock();
    writer.lock();
    auto second = *writer.fencing_token();
    writer.unlock();
    std::cout << "fencing tokens increase: " << (second > first ? "yes" : "no") << "\n";

    // The watchdog keeps a short lock alive while the work takes longer than its TTL.
    rediscache::lock_options kept_alive;
    kept_alive.timeout = 300ms;
    kept_alive.auto_extend = true;
    rediscache::distributed_lock long_job(cache, "long-job", kept_alive);
    long_job.lock();
    std::this_thread::sleep_for(700ms);
    std::cout << "still owned after 700 ms with a 300 ms TTL: " << long_job.owned() << "\n";
    long_job.unlock();

    // redis-py's errors, with the same messages.
    try {
      long_job.release();
    } catch (const rediscache::lock_error& e) {
      std::cout << "expected error: " << e.what() << "\n";
    }
    // release(), unlike unlock(), reports a lock that expired while it was held.
    rediscache::lock_options short_lived;
    short_lived.timeout = 50ms;
    rediscache::distributed_lock brief(cache, "brief", short_lived);
    brief.lock();
    std::this_thread::sleep_for(150ms);
    try {
      brief.release();
    } catch (const rediscache::lock_not_owned_error& e) {
      std::cout << "expired while held: " << e.what() << "\n";
    }
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "lock failed: " << e.what() << "\n";
    return 1;
  }
}
