#include <rediscache/cache.hpp>
#include <rediscache/client.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

namespace rediscache {

struct client::state {
  std::shared_ptr<executor> exec;
  std::shared_ptr<const value_codec> codec;
  std::function<std::string(std::string_view, key_version)> key_maker;
  std::shared_ptr<executor_claim> claim;  // for a client with a pool of its own
};

client::client(std::shared_ptr<executor> exec, value_codec codec) {
  if (!exec) throw config_error("a client needs an executor");
  auto s = std::make_shared<state>();
  s->exec = std::move(exec);
  s->codec = std::make_shared<const value_codec>(std::move(codec));
  state_ = std::move(s);
}

client client::from_url(std::string_view url, value_codec codec) {
  auto claim = std::make_shared<executor_claim>(std::make_shared<pooled_executor>(parse_url(url)));
  auto s = std::make_shared<state>();
  s->exec = claim->get();
  s->codec = std::make_shared<const value_codec>(std::move(codec));
  s->claim = std::move(claim);
  return client(std::shared_ptr<const state>(std::move(s)));
}

client client::of(const cache& c) {
  auto s = std::make_shared<state>();
  s->exec = executor_of(c, "a raw client");
  s->codec = std::make_shared<const value_codec>(c.values());
  s->key_maker = [c](std::string_view name, key_version v) { return c.make_key(name, v); };
  return client(std::shared_ptr<const state>(std::move(s)));
}

executor& client::commands() const noexcept { return *state_->exec; }
const std::shared_ptr<executor>& client::shared_commands() const noexcept { return state_->exec; }
const value_codec& client::codec() const noexcept { return *state_->codec; }

std::string client::key(std::string_view name, key_version v) const {
  return state_->key_maker ? state_->key_maker(name, v) : std::string(name);
}

// A command the typed layer does not define is retried only when Redis calls it read-only.
command client::mark_by_table(command cmd) {
  const command_info* info = cmd.info();
  if (info != nullptr && info->has(command_info::read_only) && !info->has(command_info::blocking)) {
    cmd.mark(idempotency::idempotent);
  }
  return cmd;
}

void client::run(batch& b) const {
  if (b.ran()) throw config_error("a batch runs once");
  std::vector<reply> replies;
  if (!b.empty()) replies = commands().run_batch(b.commands());
  b.complete(std::move(replies), state_->codec);
}

transaction_result::outcome client::run_transaction(batch& b) const {
  if (b.ran()) throw config_error("a batch runs once");
  transaction_result done;
  if (!b.empty()) done = commands().run_transaction(b.commands());
  b.complete(std::move(done.replies), state_->codec, done.status);
  return done.status;
}

void client::watch_loop(const std::vector<std::string>& keys,
                        const std::function<void(watch_context&)>& body, int max_attempts) const {
  if (keys.empty()) throw config_error("watch needs at least one key");
  if (max_attempts < 1) throw config_error("watch needs max_attempts of at least 1");
  for (int attempt = 1;; ++attempt) {
    bool done = false;
    commands().with_connection(keys.front(), [&](connection& conn) {
      command watch_keys{"WATCH"};
      for (const auto& k : keys) watch_keys.arg(k);
      conn.execute(watch_keys);
      watch_context ctx(conn, state_->codec);
      try {
        body(ctx);
      } catch (...) {
        try {
          conn.execute(command{"UNWATCH"});
        } catch (const error&) {
          // The connection broke and is discarded with its WATCH; the body's error matters more.
        }
        throw;
      }
      if (ctx.writes().empty()) {
        conn.execute(command{"UNWATCH"});
        ctx.writes().complete({}, state_->codec);
        done = true;
        return;
      }
      transaction_result result = conn.transaction(ctx.writes().commands());
      if (result.status == transaction_result::outcome::watch_failed) return;
      ctx.writes().complete(std::move(result.replies), state_->codec, result.status);
      done = true;
    });
    if (done) return;
    if (attempt >= max_attempts) {
      throw watch_error("the watched keys kept changing: " + std::to_string(max_attempts) +
                        " attempts, none committed");
    }
  }
}

void batch::complete(std::vector<reply> replies, std::shared_ptr<const value_codec> codec,
                     transaction_result::outcome status) {
  if (replies.size() != commands_.size() && status != transaction_result::outcome::watch_failed) {
    throw protocol_error("a batch of " + std::to_string(commands_.size()) + " commands got " +
                         std::to_string(replies.size()) + " replies");
  }
  state_->replies = std::move(replies);
  state_->codec = std::move(codec);
  state_->status = status;
  state_->ran = true;
}

}  // namespace rediscache
