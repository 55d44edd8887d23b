#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace rediscache::test {

// A child process (a Celery worker, a Python consumer) with its output in a log file; stopped by
// PID when destroyed. Construct it on a thread that outlives it (the child gets PR_SET_PDEATHSIG).
class python_process {
 public:
  python_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                 const std::string& working_dir);
  ~python_process();
  python_process(const python_process&) = delete;
  python_process& operator=(const python_process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // SIGTERM (a warm shutdown for Celery), then SIGKILL after `grace_ms`; reaps. Idempotent.
  void stop(int grace_ms = 5000);
  // SIGKILL, as in a crash.
  void kill();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace rediscache::test
