#include <rediscache/replicated_executor.hpp>

#include "config/validate.hpp"
#include "topology/background_loop.hpp"
#include "topology/replica_checker.hpp"
#include "topology/replica_router.hpp"

#include <mutex>

namespace rediscache {

struct replicated_executor::state {
  explicit state(replica_options options) : router(options), checker(options) {}

  detail::replica_router router;
  std::mutex check_mutex;  // the checker and its connections serve one round at a time
  detail::replica_checker checker;
  detail::background_loop loop;

  void check() {
    std::lock_guard<std::mutex> lock(check_mutex);
    checker.check(*router.nodes());
  }
};

replicated_executor::replicated_executor(client_options primary,
                                         std::vector<client_options> replicas,
                                         replica_options options) {
  detail::validate(options);
  detail::validate(primary);
  for (const auto& replica : replicas) detail::validate(replica);
  state_ = std::make_unique<state>(options);
  detail::node_set nodes;
  nodes.primary = std::make_shared<detail::data_node>(0, std::move(primary));
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    nodes.replicas.push_back(std::make_shared<detail::data_node>(
        i + 1, detail::replica_client_options(std::move(replicas[i]))));
  }
  state_->router.set_nodes(std::move(nodes));
  if (!replicas.empty()) {
    state* s = state_.get();
    state_->loop.prepare(options.check_interval, [s] { s->check(); });
  }
}

replicated_executor::~replicated_executor() { state_->loop.stop(); }

reply replicated_executor::run(const command& cmd) {
  state_->loop.ensure_started();
  return state_->router.run(cmd);
}

std::vector<reply> replicated_executor::run_batch(const std::vector<command>& commands) {
  state_->loop.ensure_started();
  return state_->router.run_batch(commands);
}

transaction_result replicated_executor::run_transaction(const std::vector<command>& commands) {
  state_->loop.ensure_started();
  return state_->router.run_transaction(commands);
}

void replicated_executor::with_connection(std::string_view key,
                                          const std::function<void(connection&)>& fn) {
  state_->loop.ensure_started();
  state_->router.with_connection(key, fn);
}

void replicated_executor::close() {
  state_->loop.stop();
  const auto nodes = state_->router.nodes();
  nodes->primary->close();
  for (const auto& replica : nodes->replicas) replica->close();
}

std::optional<connection_options> replicated_executor::subscriber_connection() const {
  return state_->router.nodes()->primary->options().connection;
}

std::vector<replica_status> replicated_executor::replicas() const {
  std::vector<replica_status> out;
  for (const auto& replica : state_->router.nodes()->replicas) out.push_back(replica->status());
  return out;
}

void replicated_executor::check_now() { state_->check(); }

}  // namespace rediscache
