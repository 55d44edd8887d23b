// Pub/sub: a subscriber on a channel and a pattern, messages published through the cache's pool,
// and the connection gaps reported while it reconnects.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    auto cache = rediscache::cache::from_url(url);

    std::mutex m;
    std::condition_variable arrived;
    std::vector<std::string> lines;
    // Callbacks run on the subscriber's reader thread, one at a time.
    auto record = [&](const rediscache::pubsub_message& msg) {
      std::lock_guard<std::mutex> lock(m);
      lines.push_back(msg.pattern.empty() ? "received on " + msg.channel + ": " + msg.payload
                                          : "received on " + msg.channel + " (pattern " +
                                                msg.pattern + "): " + msg.payload);
      arrived.notify_all();
    };

    rediscache::subscriber_options settings;
    settings.on_event = [](const rediscache::subscriber_event& e) {
      if (e.kind == rediscache::subscriber_event_kind::connection_lost) {
        std::cout << "connection lost: " << e.reason << "\n";
      } else {
        std::cout << "connection restored after " << e.gap.count()
                  << " ms; messages published in between were missed\n";
      }
    };
    rediscache::subscriber sub(cache, settings);
    sub.subscribe("orders", record);  // true once the server has confirmed it
    sub.psubscribe("prices.*", record);
    std::cout << "subscribed to orders and prices.*\n";

    auto receivers = rediscache::publish(cache, "orders", "order 17 created");
    std::cout << "published to orders: " << receivers << " receiver(s)\n";
    rediscache::publish(cache, "prices.tea", "3.20");
    rediscache::publish(cache, "weather", "rain");  // nobody listens

    {
      std::unique_lock<std::mutex> lock(m);
      if (!arrived.wait_for(lock, 5s, [&] { return lines.size() >= 2; })) {
        std::cerr << "pubsub failed: messages did not arrive\n";
        return 1;
      }
      for (const auto& line : lines) std::cout << line << "\n";
    }

    // Once unsubscribe() returns the callback is never called again; the server forgets the
    // subscription a moment later.
    sub.unsubscribe("orders");
    rediscache::publish(cache, "orders", "order 18 created");
    rediscache::publish(cache, "prices.coffee", "2.80");
    {
      std::unique_lock<std::mutex> lock(m);
      arrived.wait_for(lock, 5s, [&] { return lines.size() >= 3; });
      std::cout << "after unsubscribe: " << lines.back()
                << " (and nothing from orders: " << (lines.size() == 3 ? "right" : "wrong")
                << ")\n";
    }

    auto start = std::chrono::steady_clock::now();
    sub.close();  // joins the reader thread; no callback runs after this
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::cout << "closed in " << (took < 100ms ? "under 100 ms" : "over 100 ms") << "\n";
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "pubsub failed: " << e.what() << "\n";
    return 1;
  }
}
