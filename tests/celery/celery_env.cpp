#include "celery/celery_env.hpp"

#include <cstdlib>

namespace rediscache::test {
namespace {

std::unique_ptr<redis_server>& server_slot() {
  static std::unique_ptr<redis_server> server;
  return server;
}

std::unique_ptr<python_process>& worker_slot() {
  static std::unique_ptr<python_process> worker;
  return worker;
}

const ::testing::Environment* const registered =
    ::testing::AddGlobalTestEnvironment(new celery_env);

}  // namespace

redis_server& celery_env::server() {
  auto& slot = server_slot();
  if (!slot) slot = std::make_unique<redis_server>();
  return *slot;
}

std::string celery_env::url() { return url_of(server()); }

python_process& celery_env::python_worker() {
  auto& slot = worker_slot();
  if (!slot) {
    slot = std::make_unique<python_process>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "celery", "-A", "tasks", "worker",
                                 "--pool=solo", "-c", "1", "--without-heartbeat",
                                 "--without-gossip", "--without-mingle", "-Q", "celery,cppq",
                                 "-l", "info"},
        std::map<std::string, std::string>{{"CELERY_TEST_URL", url()}}, PYTHON_DIR);
  }
  return *slot;
}

bool celery_env::python_celery_available() {
  static const bool available =
      std::system("/usr/bin/python3 -c 'import celery, redis' >/dev/null 2>&1") == 0;
  return available;
}

run_result celery_env::python(const std::string& script, const std::string& args) {
  return run("/usr/bin/python3 " + std::string(PYTHON_DIR) + "/" + script + " " + url() + " " +
             args);
}

void celery_env::flush() { server().command({"FLUSHALL"}); }

void celery_env::TearDown() {
  worker_slot().reset();
  server_slot().reset();
}

}  // namespace rediscache::test
