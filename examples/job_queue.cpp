// A job queue on lists. A producer thread pushes jobs; a worker thread waits for them with
// BLMOVE, which moves each job to a "processing" list until it is done (a worker that crashes
// loses no job), and pushes a result, which the main thread waits for with BRPOP. Every wait has
// a timeout: a blocking pop never holds a connection forever.
//   example_job_queue [redis://127.0.0.1:6379/0]
#include <rediscache/client.hpp>
#include <rediscache/commands/keys.hpp>
#include <rediscache/commands/lists.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace app {

struct job {
  int id = 0;
  std::string file;
};

void to_json(nlohmann::json& j, const job& t) { j = {{"id", t.id}, {"file", t.file}}; }
void from_json(const nlohmann::json& j, job& t) {
  j.at("id").get_to(t.id);
  j.at("file").get_to(t.file);
}

std::mutex output;
void say(const std::string& line) {
  std::lock_guard<std::mutex> lock(output);
  std::cout << line << std::endl;
}

}  // namespace app

int main(int argc, char** argv) {
  namespace cmd = rediscache::cmd;
  using namespace std::chrono_literals;
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  constexpr int jobs = 5;
  try {
    auto redis = rediscache::client::from_url(url);  // one pool, shared by the three threads
    redis.run(cmd::del({"jobs:pending", "jobs:processing", "jobs:results"}));

    std::thread producer([&] {
      for (int id = 1; id <= jobs; ++id) {
        std::this_thread::sleep_for(50ms);
        const app::job next{id, "photo-" + std::to_string(id) + ".jpg"};
        redis.run(cmd::lpush("jobs:pending", {redis.encode(next)}));
      }
    });

    std::thread worker([&] {
      int done = 0;
      // Oldest first: jobs enter on the left and leave on the right.
      while (auto taken = redis.run(cmd::blmove("jobs:pending", "jobs:processing",
                                                cmd::list_end::right, cmd::list_end::left, 1s))) {
        const auto task = redis.decode<app::job>(*taken);
        redis.run(cmd::lpush("jobs:results", {"job " + std::to_string(task.id) +
                                              " done: " + task.file + " resized"}));
        redis.run(cmd::lrem("jobs:processing", 1, *taken));  // finished: off the processing list
        ++done;
      }
      app::say("worker: no job for 1 s, stopping after " + std::to_string(done) + " jobs");
    });

    int results = 0;
    while (results < jobs) {
      const auto result = redis.run(cmd::brpop({"jobs:results"}, 5s));
      if (!result) break;
      app::say(result->second);
      ++results;
    }
    producer.join();
    worker.join();
    const long long pending = redis.run(cmd::llen("jobs:pending"));
    const long long processing = redis.run(cmd::llen("jobs:processing"));
    std::cout << "results: " << results << ", pending: " << pending
              << ", processing: " << processing << "\n";
    return results == jobs && pending == 0 && processing == 0 ? 0 : 1;
  } catch (const rediscache::error& e) {
    std::cerr << "example failed: " << e.what() << "\n";
    return 1;
  }
}
