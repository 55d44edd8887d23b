#include <rediscache/celery/producer.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/url.hpp>

#include "celery/message.hpp"
#include "celery/result_source.hpp"

namespace rediscache::celery {
namespace {

std::optional<connection_options> listen_options(executor& exec) {
  if (auto* pooled = dynamic_cast<pooled_executor*>(&exec)) {
    return pooled->pool().connection_settings();
  }
  return exec.subscriber_connection();
}

}  // namespace

producer::producer(std::shared_ptr<executor> exec, std::optional<connection_options> subscribe_to) {
  if (!subscribe_to) subscribe_to = listen_options(*exec);
  source_ = std::make_shared<detail::result_source>(std::move(exec), std::move(subscribe_to));
}

producer producer::from_url(std::string_view url) {
  return producer(std::make_shared<pooled_executor>(parse_url(url)));
}

async_result producer::send_task(std::string_view name, const nlohmann::json& args,
                                 const nlohmann::json& kwargs, const task_options& options) const {
  auto message =
      detail::build_message(name, args, kwargs, options, std::chrono::system_clock::now());
  source_->exec->run(command{"LPUSH", message.list_key, message.envelope});
  return async_result(source_, std::move(message.task_id));
}

async_result producer::result(std::string task_id) const {
  return async_result(source_, std::move(task_id));
}

}  // namespace rediscache::celery
