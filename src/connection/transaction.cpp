#include "connection/connection_impl.hpp"

#include <rediscache/error.hpp>

namespace rediscache {

transaction_result connection::transaction(const std::vector<command>& commands) {
  impl_->ensure_open();
  transaction_result result;
  if (commands.empty()) return result;
  const std::size_t n = commands.size();
  std::string& out = impl_->start_commands();
  command{"MULTI"}.encode_to(out);
  for (const auto& cmd : commands) cmd.encode_to(out);
  command{"EXEC"}.encode_to(out);
  std::vector<reply> replies;
  impl_->round_trip(n + 2, replies);

  if (replies.front().is_error()) throw_reply(replies.front(), impl_->options);
  reply& exec = replies.back();
  if (exec.is_nil()) {
    result.status = transaction_result::outcome::watch_failed;
    return result;
  }
  if (exec.is_error()) {
    // EXECABORT: report each command's queue-time error, or the abort for those that queued.
    result.status = transaction_result::outcome::discarded;
    for (std::size_t i = 0; i < n; ++i) {
      reply& queued = replies[i + 1];
      result.replies.push_back(queued.is_error() ? std::move(queued) : exec);
    }
    return result;
  }
  result.replies = std::move(exec.elements());
  if (result.replies.size() != n) {
    impl_->mark_broken();
    throw protocol_error("EXEC returned " + std::to_string(result.replies.size()) +
                         " results for " + std::to_string(n) + " commands");
  }
  return result;
}

}  // namespace rediscache
