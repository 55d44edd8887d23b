#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace rediscache::celery {

/// How one task is sent (Celery's apply_async options). Every field has Celery's default.
struct task_options {
  /// The queue (Redis list) it goes to: Celery's `queue=` / default queue "celery".
  std::string queue = "celery";
  /// The task id; empty: a fresh uuid4, as Celery makes.
  std::string task_id;
  /// Run no earlier than this long after sending (Celery's countdown); becomes headers.eta.
  std::optional<std::chrono::milliseconds> countdown;
  /// Run no earlier than this time (Celery's eta). countdown wins when both are set.
  std::optional<std::chrono::system_clock::time_point> eta;
  /// Discard the task (state REVOKED) if it has not started by then.
  std::optional<std::chrono::system_clock::time_point> expires;
  /// Discard the task this long after sending; wins over `expires`.
  std::optional<std::chrono::milliseconds> expires_in;
  /// 0 to 9; kombu's Redis transport puts it on a priority sub-queue where a LOWER number runs
  /// first (0-2 on "<queue>", 3-5 on "<queue>\x06\x163", 6-8 on "\x06\x166", 9 on "\x06\x169").
  int priority = 0;
  /// headers.retries: how many times this task was retried already.
  int retries = 0;
  /// The worker then stores no result.
  bool ignore_result = false;
  ///@{
  /// headers.timelimit [hard, soft], in seconds; unset is null (the worker's default).
  std::optional<double> time_limit;
  std::optional<double> soft_time_limit;
  ///@}
  /// headers.origin; empty: "gen<pid>@<hostname>" as Celery writes it.
  std::string origin;
};

}  // namespace rediscache::celery
