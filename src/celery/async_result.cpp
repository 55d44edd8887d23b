#include <rediscache/celery/async_result.hpp>
#include <rediscache/error.hpp>

#include "celery/result_source.hpp"
#include "celery/wire.hpp"

#include <algorithm>
#include <thread>

namespace rediscache::celery {

std::string_view to_string(task_state state) noexcept {
  switch (state) {
    case task_state::pending: return "PENDING";
    case task_state::started: return "STARTED";
    case task_state::success: return "SUCCESS";
    case task_state::failure: return "FAILURE";
    case task_state::retry: return "RETRY";
    case task_state::revoked: return "REVOKED";
  }
  return "PENDING";
}

async_result::async_result(std::shared_ptr<detail::result_source> source, std::string task_id)
    : source_(std::move(source)), task_id_(std::move(task_id)) {}

task_meta async_result::info() const {
  const auto r = source_->exec->run(command{"GET", detail::meta_key(task_id_)});
  if (r.is_nil()) {
    task_meta pending;
    pending.task_id = task_id_;
    return pending;
  }
  return detail::parse_meta(task_id_, r.str());
}

namespace {

// A PUBLISH wakes the waiter at once; reading the key again this often covers one that was lost
// to a reconnect.
constexpr std::chrono::milliseconds recheck_interval{500};
// Without a subscriber connection the key is polled.
constexpr std::chrono::milliseconds poll_interval{50};

class watch_guard {
 public:
  watch_guard(detail::result_source& source, std::string channel)
      : source_(source), channel_(std::move(channel)), signal_(source.watch(channel_)) {}
  ~watch_guard() {
    if (signal_) source_.unwatch(channel_);
  }
  watch_guard(const watch_guard&) = delete;
  watch_guard& operator=(const watch_guard&) = delete;
  const detail::result_signal* signal() const { return signal_.get(); }

 private:
  detail::result_source& source_;
  std::string channel_;
  std::shared_ptr<detail::result_signal> signal_;
};

}  // namespace

task_meta async_result::wait(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // A result already stored needs no subscription (whose confirmation costs a reader cycle).
  if (auto meta = info(); meta.ready()) return meta;
  // Subscribed before the next read, so a result stored in between still wakes us.
  watch_guard watch(*source_, detail::meta_key(task_id_));
  for (;;) {
    const auto seen = watch.signal() ? watch.signal()->seen() : 0;
    auto meta = info();
    if (meta.ready()) return meta;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      throw timeout_error("Celery task " + task_id_ + " not ready within " +
                          std::to_string(timeout.count()) + " ms (state " +
                          std::string(to_string(meta.state)) + ")");
    }
    if (watch.signal()) {
      watch.signal()->wait(seen, std::min(deadline, now + recheck_interval));
    } else {
      std::this_thread::sleep_until(std::min(deadline, now + poll_interval));
    }
  }
}

nlohmann::json async_result::get(std::chrono::milliseconds timeout) const {
  auto meta = wait(timeout);
  if (meta.state == task_state::success) return std::move(meta.result);
  const auto& exc = meta.result;
  auto field = [&](const char* name) {
    return exc.is_object() && exc.contains(name) && exc[name].is_string()
               ? exc[name].get<std::string>()
               : std::string();
  };
  const auto type = field("exc_type");
  const auto message = detail::exception_message(exc);
  throw task_failed_error("Celery task " + task_id_ + " " + std::string(to_string(meta.state)) +
                              ": " + type + (message.empty() ? "" : ": " + message),
                          task_id_, std::string(to_string(meta.state)), type, message,
                          field("exc_module"), meta.traceback);
}

void async_result::forget() const {
  source_->exec->run(command{"DEL", detail::meta_key(task_id_)});
}

}  // namespace rediscache::celery
