// The C++ producer against Redis and a real Python Celery 5 worker: the bytes it LPUSHes, tasks a
// worker runs, results and remote failures read back.
#include "celery/celery_env.hpp"

#include <rediscache/celery/producer.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::celery_env;
using json = nlohmann::json;

namespace {

celery::producer make_producer() { return celery::producer::from_url(celery_env::url()); }

// A fresh worker takes a few seconds to start on a loaded machine.
constexpr auto worker_wait = 60s;

class python : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!celery_env::python_celery_available()) GTEST_SKIP() << "python3-celery is not installed";
    celery_env::python_worker();
  }
  void TearDown() override {
    if ((HasFailure() || std::getenv("CELERY_TEST_LOG")) && celery_env::python_celery_available()) {
      std::cerr << "worker log:\n" << celery_env::python_worker().log() << "\n";
    }
  }
};

std::string replace_field(std::string text, const std::string& name, const std::string& value) {
  const std::regex field("\"" + name + "\": \"[^\"]*\"");
  return std::regex_replace(text, field, "\"" + name + "\": \"" + value + "\"");
}

}  // namespace

TEST(celery_producer, BadArgumentsAreRefusedBeforeSending) {
  auto p = make_producer();
  EXPECT_THROW(p.send_task("tasks.add", json::object()), config_error);
  EXPECT_THROW(p.send_task("tasks.add", json::array(), json::array()), config_error);
  EXPECT_THROW(p.send_task("", json::array()), config_error);
  celery::task_options o;
  o.priority = 10;
  EXPECT_THROW(p.send_task("tasks.add", json::array(), json::object(), o), config_error);
  o.priority = 0;
  o.queue = "";
  EXPECT_THROW(p.send_task("tasks.add", json::array(), json::object(), o), config_error);
  EXPECT_THROW(p.send_task("tasks.add", json::array({std::string("\xff\xfe")})), codec_error);
  EXPECT_EQ(celery_env::server().command({"LLEN", "celery"}), "0");
}

TEST(celery_producer, PriorityPicksKombusSubQueue) {
  auto p = make_producer();
  for (int priority : {0, 2, 3, 5, 6, 9}) {
    celery::task_options o;
    o.queue = "parked";
    o.priority = priority;
    p.send_task("tasks.add", json::array({1, 2}), json::object(), o);
  }
  auto& server = celery_env::server();
  EXPECT_EQ(server.command({"LLEN", "parked"}), "2");
  EXPECT_EQ(server.command({"LLEN", "parked\x06\x16" "3"}), "2");
  EXPECT_EQ(server.command({"LLEN", "parked\x06\x16" "6"}), "1");
  EXPECT_EQ(server.command({"LLEN", "parked\x06\x16" "9"}), "1");
}

TEST(celery_producer, ResultRecordsAreReadAndWaitWakesOnPublish) {
  auto p = make_producer();
  auto r = p.result("hand-made");
  EXPECT_EQ(r.state(), celery::task_state::pending);
  EXPECT_THROW(r.get(200ms), timeout_error);

  const std::string record =
      R"({"status": "SUCCESS", "result": {"x": "h\u00e9llo"}, "traceback": null, )"
      R"("children": [], "date_done": "2026-11-26T04:02:05.715379", "task_id": "hand-made"})";
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    auto exec = pooled_executor::from_url(celery_env::url());
    exec.run_transaction({command{"SET", "celery-task-meta-hand-made", record},
                          command{"PUBLISH", "celery-task-meta-hand-made", record}});
  });
  const auto start = std::chrono::steady_clock::now();
  const auto value = r.get(10s);
  const auto waited = std::chrono::steady_clock::now() - start;
  writer.join();
  EXPECT_EQ(value, json({{"x", "h\xc3\xa9llo"}}));
  // Woken by the PUBLISH (about 50 ms), not by the re-read of the key at 500 ms.
  EXPECT_LT(waited, 450ms);
  EXPECT_EQ(r.info().date_done, "2026-11-26T04:02:05.715379");

  celery_env::server().command({"SET", "celery-task-meta-garbage", "not json"});
  EXPECT_THROW(p.result("garbage").info(), codec_error);
}

TEST(celery_producer, RevokedRecordIsTaskFailedError) {
  auto p = make_producer();
  celery_env::server().command(
      {"SET", "celery-task-meta-expired",
       R"({"status": "REVOKED", "result": {"exc_type": "TaskRevokedError", "exc_message": ["expired"], )"
       R"("exc_module": "celery.exceptions"}, "traceback": null, "children": [], )"
       R"("date_done": "2026-11-26T04:02:05.715379", "task_id": "expired"})"});
  try {
    p.result("expired").get(1s);
    FAIL() << "no exception";
  } catch (const task_failed_error& e) {
    EXPECT_EQ(e.state(), "REVOKED");
    EXPECT_EQ(e.exc_type(), "TaskRevokedError");
    EXPECT_EQ(e.exc_message(), "expired");
    EXPECT_EQ(e.exc_module(), "celery.exceptions");
    EXPECT_EQ(e.code(), errc::task_failed);
    EXPECT_EQ(std::string(e.what()).rfind("[rediscache.task_failed] ", 0), 0u) << e.what();
  }
}

TEST_F(python, EnvelopeIsByteForByteWhatCeleryWrites) {
  const std::string id = "11111111-2222-4333-8444-555555555555";
  const auto py = celery_env::python("send.py", "golden " + id);
  ASSERT_EQ(py.status, 0) << py.output;
  std::string python_envelope = py.output.substr(0, py.output.find('\n'));
  const auto parsed = json::parse(python_envelope);

  celery::task_options o;
  o.queue = "golden";
  o.task_id = "22222222-2222-4333-8444-555555555555";
  o.priority = 5;
  o.eta = std::chrono::system_clock::time_point(1893553445123456us);  // 2030-01-02T03:04:05.123456Z
  o.expires = *o.eta + std::chrono::hours(24 * 3650);
  o.retries = 2;
  o.time_limit = 10;
  o.soft_time_limit = 5.5;
  o.origin = parsed["headers"]["origin"].get<std::string>();
  make_producer().send_task("tasks.add", json::array({2, 3}),
                            json{{"z", "h\xc3\xa9llo \"q\" 'a'\n"}}, o);
  auto exec = pooled_executor::from_url(celery_env::url());
  auto cpp_envelope = exec.run(command{"LINDEX", "golden\x06\x16" "3", "0"}).str();
  // Only the random or clock-dependent fields may differ.
  for (const char* field : {"delivery_tag", "reply_to", "expiration"}) {
    python_envelope = replace_field(python_envelope, field, "X");
    cpp_envelope = replace_field(cpp_envelope, field, "X");
  }
  python_envelope = std::regex_replace(python_envelope, std::regex(id), "ID");
  cpp_envelope = std::regex_replace(cpp_envelope, std::regex(o.task_id), "ID");
  EXPECT_EQ(cpp_envelope, python_envelope);
}

TEST_F(python, WorkerRunsTasksAndCppReadsResults) {
  auto p = make_producer();
  auto sum = p.send_task("tasks.add", json::array({2, 3}));
  const json kwargs = {{"text", "h\xc3\xa9llo \xe6\xb8\x85"}, {"list", {1, 2.5, nullptr, true}}};
  auto echoed = p.send_task("tasks.echo", json::array({"a"}), kwargs);
  EXPECT_EQ(sum.get(worker_wait), 5);
  EXPECT_EQ(sum.state(), celery::task_state::success);
  EXPECT_EQ(echoed.get(worker_wait), json({{"args", {"a"}}, {"kwargs", kwargs}}));
  EXPECT_FALSE(sum.info().date_done.empty());
}

TEST_F(python, RemoteExceptionIsTaskFailedError) {
  auto r = make_producer().send_task("tasks.fail", json::array({"bad input"}));
  try {
    r.get(worker_wait);
    FAIL() << "no exception";
  } catch (const task_failed_error& e) {
    EXPECT_EQ(e.state(), "FAILURE");
    EXPECT_EQ(e.exc_type(), "ValueError");
    EXPECT_EQ(e.exc_module(), "builtins");
    EXPECT_EQ(e.exc_message(), "bad input");
    EXPECT_NE(e.traceback().find("ValueError: bad input"), std::string::npos) << e.traceback();
    EXPECT_EQ(e.task_id(), r.id());
    EXPECT_NE(std::string(e.what()).find("ValueError: bad input"), std::string::npos);
  }
  EXPECT_EQ(r.state(), celery::task_state::failure);
}

TEST_F(python, OptionsReachTheWorker) {
  celery::task_options o;
  o.queue = "cppq";
  o.priority = 9;
  o.retries = 3;
  o.task_id = "33333333-2222-4333-8444-555555555555";
  const auto seen = make_producer()
                        .send_task("tasks.request_info", json::array(), json::object(), o)
                        .get(worker_wait);
  EXPECT_EQ(seen["id"], o.task_id);
  EXPECT_EQ(seen["retries"], 3);
  EXPECT_EQ(seen["priority"], 9);
  EXPECT_EQ(seen["routing_key"], "cppq");
  EXPECT_TRUE(seen["eta"].is_null());
}

TEST_F(python, CountdownDelaysTheTask) {
  auto p = make_producer();
  // Make sure the worker is up, so the delay measured is the countdown's.
  p.send_task("tasks.add", json::array({0, 0})).get(worker_wait);
  celery::task_options o;
  o.countdown = 1500ms;
  const auto sent = std::chrono::steady_clock::now();
  auto r = p.send_task("tasks.request_info", json::array(), json::object(), o);
  const auto seen = r.get(worker_wait);
  EXPECT_GE(std::chrono::steady_clock::now() - sent, 1400ms);
  ASSERT_TRUE(seen["eta"].is_string());
  EXPECT_NE(seen["eta"].get<std::string>().find("+00:00"), std::string::npos);
}

TEST_F(python, ExpiredTaskIsRevoked) {
  celery::task_options o;
  o.expires = std::chrono::system_clock::now() - 1s;
  auto r = make_producer().send_task("tasks.add", json::array({1, 1}), json::object(), o);
  try {
    r.get(worker_wait);
    FAIL() << "no exception";
  } catch (const task_failed_error& e) {
    EXPECT_EQ(e.state(), "REVOKED");
    EXPECT_EQ(e.exc_type(), "TaskRevokedError");
    EXPECT_EQ(e.exc_message(), "expired");
  }
  EXPECT_EQ(r.state(), celery::task_state::revoked);
}

TEST_F(python, ForgetDeletesTheResult) {
  auto r = make_producer().send_task("tasks.add", json::array({20, 22}));
  EXPECT_EQ(r.get(worker_wait), 42);
  r.forget();
  EXPECT_EQ(r.state(), celery::task_state::pending);
  EXPECT_EQ(celery_env::server().command({"EXISTS", "celery-task-meta-" + r.id()}), "0");
}

TEST_F(python, GetTimesOutWhenNoWorkerServesTheQueue) {
  celery::task_options o;
  o.queue = "nobody";
  auto r = make_producer().send_task("tasks.add", json::array({1, 2}), json::object(), o);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(r.get(300ms), timeout_error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  EXPECT_EQ(r.state(), celery::task_state::pending);
}

#ifdef EXAMPLE_CELERY_PRODUCER
TEST_F(python, ExampleProducerCallsPythonTasks) {
  const auto r = test::run(std::string(EXAMPLE_CELERY_PRODUCER) + " " + celery_env::url());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("tasks.add(2, 3) = 5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("tasks.fail raised builtins.ValueError: bad input"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("after a 1 s countdown: 42"), std::string::npos) << r.output;
}
#endif
