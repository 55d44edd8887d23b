#include <rediscache/celery/worker.hpp>
#include <rediscache/error.hpp>
#include <rediscache/log.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/url.hpp>

#include <spdlog/spdlog.h>

#include "celery/incoming.hpp"
#include "celery/message.hpp"
#include "celery/transport.hpp"
#include "celery/wire.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace rediscache::celery {

using clock = std::chrono::system_clock;

struct worker::impl {
  std::shared_ptr<executor> exec;
  worker_options options;
  std::vector<std::string> keys;

  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, task_handler> handlers;
  std::deque<detail::incoming> ready;
  std::multimap<clock::time_point, detail::incoming> waiting;  // ETA not reached yet
  std::size_t running = 0;
  bool started = false;
  bool stopping = false;
  std::thread fetcher;
  std::vector<std::thread> runners;
  std::atomic<std::size_t> processed{0};

  void fetch_loop();
  void run_loop();
  void accept(detail::incoming message);
  void execute(detail::incoming& message);
  void finish(const detail::incoming& message, const char* status, const nlohmann::json& result,
              const std::string& traceback);
  void put_back(const std::string& tag);
};

namespace {

std::string traceback_of(const std::string& type, const std::string& message,
                         const std::string& task) {
  return "Traceback (most recent call last):\n  C++ worker, task " + task + "\n" + type + ": " +
         message + "\n";
}

}  // namespace

void worker::impl::finish(const detail::incoming& message, const char* status,
                          const nlohmann::json& result, const std::string& traceback) {
  if (!message.ignore_result) {
    detail::store_result(*exec, message.request.id, status, result, traceback,
                         options.result_expires);
  }
  detail::ack(*exec, message.delivery_tag);
  ++processed;
}

void worker::impl::put_back(const std::string& tag) {
  try {
    detail::restore(*exec, tag);
  } catch (const std::exception& e) {
    // Still in unacked: a visibility-timeout restore will find it.
    get_logger()->warn("celery worker: could not restore message {}: {}", tag, e.what());
  }
}

void worker::impl::accept(detail::incoming message) {
  const auto& req = message.request;
  if (req.expires && *req.expires <= clock::now()) {
    finish(message, "REVOKED",
           detail::exception_json("TaskRevokedError", "expired", "celery.exceptions"), "");
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (handlers.count(req.name) == 0) {
      // Stored below, outside the lock.
    } else if (req.eta && *req.eta > clock::now()) {
      const auto due = *req.eta;
      waiting.emplace(due, std::move(message));
      return;
    } else {
      ready.push_back(std::move(message));
      changed.notify_all();
      return;
    }
  }
  finish(message, "FAILURE",
         detail::exception_json("NotRegistered", "'" + req.name + "'", "celery.exceptions"),
         traceback_of("NotRegistered", req.name, req.id));
}

void worker::impl::execute(detail::incoming& message) {
  const auto& req = message.request;
  if (req.expires && *req.expires <= clock::now()) {
    finish(message, "REVOKED",
           detail::exception_json("TaskRevokedError", "expired", "celery.exceptions"), "");
    return;
  }
  task_handler handler;
  {
    std::lock_guard<std::mutex> lock(mutex);
    handler = handlers.at(req.name);
  }
  try {
    const auto result = handler(req);
    finish(message, "SUCCESS", result, "");
  } catch (const retry_task& e) {
    const int limit = e.max_retries().value_or(options.max_retries);
    if (req.retries >= limit) {
      const std::string text = "Can't retry " + req.name + "[" + req.id + "] args:" +
                               req.args.dump() + " kwargs:" + req.kwargs.dump() + ": " + e.what();
      finish(message, "FAILURE",
             detail::exception_json("MaxRetriesExceededError", text, "celery.exceptions"),
             traceback_of("MaxRetriesExceededError", text, req.id));
      return;
    }
    task_options again;
    again.queue = req.queue.empty() ? options.queues.front() : req.queue;
    again.task_id = req.id;
    again.countdown = e.countdown();
    again.expires = req.expires;
    again.priority = std::clamp(req.priority, 0, 9);
    again.retries = req.retries + 1;
    again.ignore_result = message.ignore_result;
    const auto next = detail::build_message(req.name, req.args, req.kwargs, again, clock::now());
    exec->run(command{"LPUSH", next.list_key, next.envelope});
    finish(message, "RETRY", detail::exception_json(e.exc_type(), e.what(), e.exc_module()),
           traceback_of(e.exc_type(), e.what(), req.id));
  } catch (const task_error& e) {
    finish(message, "FAILURE", detail::exception_json(e.exc_type(), e.what(), e.exc_module()),
           traceback_of(e.exc_type(), e.what(), req.id));
  } catch (const std::exception& e) {
    finish(message, "FAILURE", detail::exception_json("Exception", e.what(), "builtins"),
           traceback_of("Exception", e.what(), req.id));
  }
}

void worker::impl::fetch_loop() {
  int polls = 0;
  for (;;) {
    std::chrono::milliseconds wait = options.poll_timeout;
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (stopping) return;
      const auto now = clock::now();
      while (!waiting.empty() && waiting.begin()->first <= now) {
        ready.push_back(std::move(waiting.begin()->second));
        waiting.erase(waiting.begin());
        changed.notify_all();
      }
      if (!waiting.empty()) {
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                  waiting.begin()->first - now) +
                                  std::chrono::milliseconds(1));
      }
      // Fetch only what a free thread can start: the rest stays on the queue for other workers.
      if (ready.size() + running >= options.concurrency) {
        changed.wait_for(lock, wait);
        continue;
      }
    }
    try {
      if (options.restore_every > 0 && ++polls % options.restore_every == 0) {
        detail::restore_visible(*exec, options.visibility_timeout);
      }
      auto got = detail::fetch(*exec, keys, wait);
      if (!got) continue;
      detail::incoming message;
      try {
        message = detail::read_envelope(got->envelope);
      } catch (const codec_error& e) {
        // kombu drops what it cannot even track; keeping it would block the queue forever.
        get_logger()->error("celery worker: discarding a message from {}: {}", got->list_key,
                            e.what());
        continue;
      }
      detail::mark_unacked(*exec, message.delivery_tag, message.envelope);
      try {
        detail::read_task(message);
      } catch (const codec_error& e) {
        get_logger()->error("celery worker: rejecting message {}: {}", message.delivery_tag,
                            e.what());
        if (!message.request.id.empty()) {
          detail::store_result(*exec, message.request.id, "FAILURE",
                               detail::exception_json("ContentDisallowed", e.what(),
                                                      "kombu.exceptions"),
                               "", options.result_expires);
        }
        detail::ack(*exec, message.delivery_tag);
        continue;
      }
      accept(std::move(message));
    } catch (const error& e) {
      get_logger()->warn("celery worker: fetch failed: {}", e.what());
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait_for(lock, options.poll_timeout, [&] { return stopping; });
    }
  }
}

void worker::impl::run_loop() {
  for (;;) {
    detail::incoming message;
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return stopping || !ready.empty(); });
      if (stopping) return;
      message = std::move(ready.front());
      ready.pop_front();
      ++running;
    }
    try {
      execute(message);
    } catch (const std::exception& e) {
      // Storing the result or the ack failed: the message stays unacked and comes back after the
      // visibility timeout.
      get_logger()->error("celery worker: task {} not acknowledged: {}", message.request.id,
                          e.what());
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      --running;
    }
    changed.notify_all();
  }
}

worker::worker(std::shared_ptr<executor> exec, worker_options options)
    : impl_(std::make_shared<impl>()) {
  if (!exec) throw config_error("Celery worker: the executor is null");
  if (options.queues.empty()) throw config_error("Celery worker: no queues to consume");
  for (const auto& q : options.queues) {
    if (q.empty()) throw config_error("Celery worker: an empty queue name");
  }
  if (options.concurrency == 0) throw config_error("Celery worker: concurrency must be at least 1");
  if (options.poll_timeout.count() <= 0 || options.visibility_timeout.count() <= 0 ||
      options.result_expires.count() <= 0) {
    throw config_error("Celery worker: poll_timeout, visibility_timeout and result_expires must "
                       "be positive");
  }
  impl_->exec = std::move(exec);
  impl_->keys = detail::brpop_keys(options.queues);
  impl_->options = std::move(options);
}

worker worker::from_url(std::string_view url, worker_options options) {
  return worker(std::make_shared<pooled_executor>(parse_url(url)), std::move(options));
}

worker::worker(worker&&) noexcept = default;
worker& worker::operator=(worker&& other) noexcept {
  if (this != &other) {
    stop();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

worker::~worker() { stop(); }

void worker::handle(std::string name, task_handler handler) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->handlers[std::move(name)] = std::move(handler);
}

void worker::start() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->started) return;
  impl_->started = true;
  auto* im = impl_.get();
  for (std::size_t i = 0; i < im->options.concurrency; ++i) {
    im->runners.emplace_back([im] { im->run_loop(); });
  }
  im->fetcher = std::thread([im] { im->fetch_loop(); });
}

void worker::stop() {
  if (!impl_) return;
  auto& im = *impl_;
  {
    std::lock_guard<std::mutex> lock(im.mutex);
    if (!im.started || im.stopping) return;
    im.stopping = true;
  }
  im.changed.notify_all();
  if (im.fetcher.joinable()) im.fetcher.join();
  // Running tasks finish; runners exit without taking more.
  for (auto& t : im.runners) {
    if (t.joinable()) t.join();
  }
  // Warm shutdown: what was fetched but not started goes back, next in line.
  for (auto& message : im.ready) im.put_back(message.delivery_tag);
  for (auto& [due, message] : im.waiting) im.put_back(message.delivery_tag);
  im.ready.clear();
  im.waiting.clear();
}

std::size_t worker::processed() const { return impl_ ? impl_->processed.load() : 0; }

}  // namespace rediscache::celery
