// Celery interop throughput against a local redis-server this binary starts:
// - task publishes per second (send_task: one LPUSH of kombu's envelope);
// - tasks per second through the C++ worker (2 threads), from queued to result stored;
// - the same tasks through a real Python Celery worker (threads pool, 2 threads), when
//   python3-celery is installed.
#include "celery/python_process.hpp"
#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/celery/producer.hpp>
#include <rediscache/celery/worker.hpp>
#include <rediscache/pooled_executor.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
namespace celery = rediscache::celery;

namespace {

constexpr int tasks_per_round = 200;

// Started on the main thread, where Google Benchmark runs single-threaded benchmarks.
rediscache::test::redis_server& server() {
  static rediscache::test::redis_server instance;
  return instance;
}

std::string url() { return "redis://127.0.0.1:" + std::to_string(server().port()) + "/0"; }

std::shared_ptr<rediscache::executor> executor() {
  static auto exec =
      std::make_shared<rediscache::pooled_executor>(rediscache::test::options_of(server()));
  return exec;
}

celery::task_options on(const std::string& queue) {
  celery::task_options o;
  o.queue = queue;
  return o;
}

void BM_SendTask(benchmark::State& state) {
  celery::producer producer(executor());
  const auto options = on("bench.publish");
  long sent = 0;
  for (auto _ : state) {
    producer.send_task("bench.add", {1, 2}, nlohmann::json::object(), options);
    if (++sent % 10000 == 0) executor()->run(rediscache::command{"DEL", "bench.publish"});
  }
  executor()->run(rediscache::command{"DEL", "bench.publish"});
  state.counters["tasks/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SendTask)->UseRealTime();

// Queues a round of tasks (not timed), then times until every result is stored.
template <class Start>
void run_rounds(benchmark::State& state, const std::string& queue, Start&& start_consumer) {
  celery::producer producer(executor());
  auto consumer = start_consumer();
  // A Python worker takes seconds to start: that is not throughput.
  producer.send_task("bench.add", {0, 0}, nlohmann::json::object(), on(queue)).wait(60s);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<celery::async_result> results;
    results.reserve(tasks_per_round);
    for (int i = 0; i < tasks_per_round; ++i) {
      results.push_back(producer.send_task("bench.add", {i, 1}, nlohmann::json::object(), on(queue)));
    }
    state.ResumeTiming();
    // Polled with GET: waiting on each result's channel would measure subscriptions instead.
    for (auto& r : results) {
      auto meta = r.info();
      while (!meta.ready()) {
        std::this_thread::sleep_for(1ms);
        meta = r.info();
      }
      if (meta.state != celery::task_state::success) state.SkipWithError("task failed");
    }
  }
  state.counters["tasks/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * tasks_per_round, benchmark::Counter::kIsRate);
}

void BM_CppWorker(benchmark::State& state) {
  run_rounds(state, "bench.cpp", [] {
    celery::worker_options o;
    o.queues = {"bench.cpp"};
    o.concurrency = 2;
    o.poll_timeout = 100ms;
    auto w = std::make_unique<celery::worker>(executor(), o);
    w->handle("bench.add", [](const celery::task_request& r) -> nlohmann::json {
      return r.args[0].get<long long>() + r.args[1].get<long long>();
    });
    w->start();
    return w;
  });
}
BENCHMARK(BM_CppWorker)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PythonWorker(benchmark::State& state) {
  if (std::system("/usr/bin/python3 -c 'import celery' >/dev/null 2>&1") != 0) {
    state.SkipWithError("python3-celery is not installed");
    for (auto _ : state) {
    }
    return;
  }
  run_rounds(state, "bench.python", [] {
    return std::make_unique<rediscache::test::python_process>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "celery", "-A", "tasks", "worker",
                                 "--pool=threads", "-c", "2", "--without-heartbeat",
                                 "--without-gossip", "--without-mingle", "-Q", "bench.python",
                                 "-l", "warning"},
        std::map<std::string, std::string>{{"CELERY_TEST_URL", url()}}, PYTHON_DIR);
  });
}
BENCHMARK(BM_PythonWorker)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
