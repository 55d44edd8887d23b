// The C++ worker: tasks from the C++ producer and from Python Celery's delay()/apply_async(),
// results Python reads, ETA, expiry, retries, priorities, shutdown and a crash mid-task.
#include "celery/celery_env.hpp"

#include <rediscache/celery/producer.hpp>
#include <rediscache/celery/worker.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/url.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <sstream>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::celery_env;
using rediscache::test::python_process;
using json = nlohmann::json;

namespace {

std::string unique_queue() {
  return std::string("q_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

celery::worker_options quick_options(const std::string& queue) {
  celery::worker_options o;
  o.queues = {queue};
  o.poll_timeout = 100ms;
  return o;
}

void add_handlers(celery::worker& w) {
  w.handle("cpp.add", [](const celery::task_request& r) -> json { return r.args[0].get<int>() + r.args[1].get<int>(); });
  w.handle("cpp.info", [](const celery::task_request& r) -> json {
    return {{"priority", r.priority}, {"queue", r.queue}, {"retries", r.retries},
            {"redelivered", r.redelivered}};
  });
  w.handle("cpp.flaky", [](const celery::task_request& r) -> json {
    if (r.retries < r.args[0].get<int>()) throw celery::retry_task(100ms, "not yet");
    return r.retries;
  });
  w.handle("cpp.fail", [](const celery::task_request& r) -> json {
    throw celery::task_error("ValueError", r.args[0].get<std::string>());
  });
}

celery::task_options on(const std::string& queue) {
  celery::task_options o;
  o.queue = queue;
  return o;
}

}  // namespace

TEST(celery_worker, RunsWhatTheProducerSendsAndStoresResults) {
  const auto q = unique_queue();
  auto w = celery::worker::from_url(celery_env::url(), quick_options(q));
  add_handlers(w);
  w.start();
  auto p = celery::producer::from_url(celery_env::url());
  EXPECT_EQ(p.send_task("cpp.add", {2, 3}, json::object(), on(q)).get(10s), 5);
  EXPECT_EQ(p.send_task("cpp.flaky", {2}, json::object(), on(q)).get(10s), 2);
  try {
    p.send_task("cpp.fail", {"bad input"}, json::object(), on(q)).get(10s);
    FAIL() << "no exception";
  } catch (const task_failed_error& e) {
    EXPECT_EQ(e.exc_type(), "ValueError");
    EXPECT_EQ(e.exc_module(), "builtins");
    EXPECT_EQ(e.exc_message(), "bad input");
  }
  try {
    p.send_task("cpp.flaky", {5}, json::object(), on(q)).get(10s);
    FAIL() << "no exception";
  } catch (const task_failed_error& e) {
    EXPECT_EQ(e.exc_type(), "MaxRetriesExceededError");
  }
  EXPECT_THROW(p.send_task("cpp.nope", json::array(), json::object(), on(q)).get(10s),
               task_failed_error);
  // Everything acknowledged.
  EXPECT_EQ(celery_env::server().command({"HLEN", "unacked"}), "0");
  EXPECT_EQ(celery_env::server().command({"ZCARD", "unacked_index"}), "0");
}

TEST(celery_worker, LowerPriorityNumbersRunFirst) {
  const auto q = unique_queue();
  auto p = celery::producer::from_url(celery_env::url());
  std::vector<celery::async_result> sent;
  for (int priority : {9, 6, 0, 3}) {
    auto o = on(q);
    o.priority = priority;
    sent.push_back(p.send_task("cpp.record", {priority}, json::object(), o));
  }
  std::mutex m;
  std::vector<int> order;
  auto options = quick_options(q);
  options.concurrency = 1;
  auto w = celery::worker::from_url(celery_env::url(), options);
  w.handle("cpp.record", [&](const celery::task_request& r) -> json {
    std::lock_guard<std::mutex> lock(m);
    order.push_back(r.args[0].get<int>());
    return nullptr;
  });
  w.start();
  for (auto& r : sent) r.wait(10s);
  EXPECT_EQ(order, (std::vector<int>{0, 3, 6, 9}));
}

TEST(celery_worker, StopFinishesRunningTasksAndPutsHeldOnesBack) {
  const auto q = unique_queue();
  auto options = quick_options(q);
  options.concurrency = 1;
  auto w = celery::worker::from_url(celery_env::url(), options);
  std::atomic<bool> started{false};
  w.handle("cpp.slow", [&](const celery::task_request&) -> json {
    started = true;
    std::this_thread::sleep_for(300ms);
    return "done";
  });
  add_handlers(w);
  w.start();
  auto p = celery::producer::from_url(celery_env::url());
  auto later = on(q);
  later.countdown = 60s;
  auto held = p.send_task("cpp.add", {1, 1}, json::object(), later);
  auto slow = p.send_task("cpp.slow", json::array(), json::object(), on(q));
  while (!started) std::this_thread::sleep_for(5ms);
  w.stop();
  EXPECT_EQ(slow.state(), celery::task_state::success);
  EXPECT_EQ(held.state(), celery::task_state::pending);
  // The held ETA task is back on its queue, marked redelivered, and no longer unacked.
  auto exec = pooled_executor::from_url(celery_env::url());
  const auto back = exec.run(command{"LRANGE", q, "0", "-1"});
  ASSERT_EQ(back.elements().size(), 1u);
  const auto envelope = json::parse(back.elements()[0].str());
  EXPECT_EQ(envelope["headers"]["id"], held.id());
  EXPECT_EQ(envelope["headers"]["redelivered"], true);
  EXPECT_EQ(celery_env::server().command({"HLEN", "unacked"}), "0");
}

TEST(celery_worker, KilledWorkerLosesNoTask) {
  const auto q = unique_queue();
  python_process crashing({CRASH_WORKER, celery_env::url(), q}, {}, ".");
  auto p = celery::producer::from_url(celery_env::url());
  auto r = p.send_task("cpp.slow", {"payload"}, json::object(), on(q));
  // Wait until the other process took it (it is then only in the unacked hash), then kill it.
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (celery_env::server().command({"HLEN", "unacked"}) != "1" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(celery_env::server().command({"HLEN", "unacked"}), "1") << crashing.log();
  crashing.kill();
  EXPECT_EQ(celery_env::server().command({"LLEN", q}), "0");

  auto options = quick_options(q);
  options.visibility_timeout = 500ms;
  options.restore_every = 1;
  auto w = celery::worker::from_url(celery_env::url(), options);
  w.handle("cpp.slow", [](const celery::task_request& req) -> json {
    return {{"arg", req.args[0]}, {"redelivered", req.redelivered}};
  });
  w.start();
  EXPECT_EQ(r.get(20s), json({{"arg", "payload"}, {"redelivered", true}}));
}

TEST(celery_worker, BadOptionsAreRefused) {
  auto exec = std::make_shared<pooled_executor>(parse_url(celery_env::url()));
  celery::worker_options o;
  o.queues = {};
  EXPECT_THROW(celery::worker(exec, o), config_error);
  o.queues = {"q"};
  o.concurrency = 0;
  EXPECT_THROW(celery::worker(exec, o), config_error);
}

class python_producer : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!celery_env::python_celery_available()) GTEST_SKIP() << "python3-celery is not installed";
  }
};

TEST_F(python_producer, CppWorkerServesDelayAndApplyAsync) {
  celery::worker_options options = quick_options("cppw");
  auto w = celery::worker::from_url(celery_env::url(), options);
  add_handlers(w);
  w.start();
  const auto py = celery_env::python("send.py", "cppworker");
  ASSERT_EQ(py.status, 0) << py.output;
  std::map<std::string, json> checks;
  std::istringstream lines(py.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '{') {
      auto j = json::parse(line);
      checks[j["check"].get<std::string>()] = j;
    }
  }
  EXPECT_EQ(checks["delay"]["value"], 5) << py.output;
  EXPECT_EQ(checks["countdown"]["value"], 42) << py.output;
  EXPECT_GE(checks["countdown"]["seconds"].get<double>(), 0.9);
  EXPECT_EQ(checks["eta"]["value"], 2) << py.output;
  EXPECT_EQ(checks["priority"]["value"]["priority"], 9) << py.output;
  EXPECT_EQ(checks["priority"]["value"]["queue"], "cppw") << py.output;
  EXPECT_EQ(checks["retries"]["value"], 2) << py.output;
  EXPECT_EQ(checks["failure"]["error"], "ValueError") << py.output;
  EXPECT_EQ(checks["failure"]["message"], "bad input") << py.output;
  EXPECT_EQ(checks["expired"]["error"], "TaskRevokedError") << py.output;
  EXPECT_EQ(checks["unknown"]["error"], "NotRegistered") << py.output;
}

#ifdef EXAMPLE_CELERY_WORKER
TEST_F(python_producer, ExampleWorkerServesPythonDelay) {
  python_process worker({EXAMPLE_CELERY_WORKER, celery_env::url(), "2"}, {}, ".");
  const auto py = celery_env::python("send.py", "cppadd");
  ASSERT_EQ(py.status, 0) << py.output << worker.log();
  EXPECT_NE(py.output.find("{\"add\": 5}"), std::string::npos) << py.output;
  EXPECT_NE(py.output.find("{\"fail\": \"ValueError: bad input\"}"), std::string::npos)
      << py.output;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (worker.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(worker.log().find("served 2 task(s)"), std::string::npos) << worker.log();
}
#endif
