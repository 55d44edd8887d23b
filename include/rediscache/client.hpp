#pragma once

#include <rediscache/batch.hpp>
#include <rediscache/command_result.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/key_version.hpp>
#include <rediscache/typed_command.hpp>
#include <rediscache/value_codec.hpp>
#include <rediscache/watch.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace rediscache {

class cache;

/// What a transaction of typed commands did: its outcome, and each command's result in order.
template <class... T>
struct typed_transaction {
  transaction_result::outcome status;  ///< committed, discarded (EXECABORT) or watch_failed
  std::tuple<command_result<T>...> results;  ///< each command's result, in order
  /// Whether EXEC ran the commands (some may still have failed).
  bool committed() const noexcept { return status == transaction_result::outcome::committed; }
};

/// Typed direct access to Redis, django-redis' get_redis_connection() in C++. Runs the typed
/// commands of include/rediscache/commands/ (and anything else through execute<T>) on an executor:
/// the one behind a cache alias (cache_registry::client, client::of), so raw commands and cache
/// calls share connections and topology, or a pool of its own (from_url). Keys are used as given,
/// as in django-redis; key() applies the alias' key function when wanted. Values are bytes unless
/// a typed command is asked for another type: then they go through the alias' value_codec, as the
/// cache stores them (encode() for the other direction). A client is a cheap, thread-safe handle.
class REDISCACHE_API client {
 public:
  /// A client over \p exec (a pool, a topology), reading and writing values with \p codec.
  explicit client(std::shared_ptr<executor> exec, value_codec codec = value_codec());
  /// A client with a pool of its own, closed when the last copy goes.
  static client from_url(std::string_view url, value_codec codec = value_codec());
  /// The raw client of a cache alias: its executor, its codec and its key function.
  /// unsupported_error for a cache not on Redis (memory://).
  static client of(const cache& c);

  /// One command; an error reply throws reply_error.
  template <class T>
  T run(const typed_command<T>& cmd) const {
    return cmd.convert(commands().run(cmd.raw()), codec());
  }
  /// Any command, its reply converted to T (see reply_as.hpp):
  /// execute<long long>("OBJECT", "FREQ", key), execute("CLIENT", "NO-EVICT", "on").
  template <class T = reply, class... Args>
  T execute(const Args&... args) const {
    return run(typed_command<T>(generic(args...)));
  }

  /// The batch's commands as one pipeline; each handle then holds its own result or error.
  void run(batch& b) const;
  /// The batch's commands in MULTI/EXEC; handles hold the results, or the reason nothing ran.
  transaction_result::outcome run_transaction(batch& b) const;

  /// A few commands as one pipeline, results typed and in order: auto [a, b] = pipeline(x, y).
  template <class... T>
  std::tuple<command_result<T>...> pipeline(const typed_command<T>&... cmds) const {
    auto replies = commands().run_batch({cmds.raw()...});
    return collect(replies, std::index_sequence_for<T...>{}, cmds...);
  }
  /// The same in MULTI/EXEC.
  template <class... T>
  typed_transaction<T...> transaction(const typed_command<T>&... cmds) const {
    transaction_result done = commands().run_transaction({cmds.raw()...});
    if (done.status == transaction_result::outcome::watch_failed) {
      done.replies.assign(sizeof...(T), reply::make_error("EXECABORT a WATCHed key changed"));
    }
    return typed_transaction<T...>{done.status,
                                   collect(done.replies, std::index_sequence_for<T...>{}, cmds...)};
  }

  /// Optimistic check-and-set, redis-py's transaction(): WATCHes the keys on one connection and
  /// calls fn(watch_context&), where run() reads at once and queue() collects writes; then runs the
  /// writes in MULTI/EXEC. When a watched key changed meanwhile, nothing is written and fn runs
  /// again, at most max_attempts times in all, then watch_error. Returns what fn returns.
  template <class Fn>
  auto watch(const std::vector<std::string>& keys, Fn&& fn, int max_attempts = 16) const {
    using result = std::invoke_result_t<Fn&, watch_context&>;
    if constexpr (std::is_void_v<result>) {
      watch_loop(keys, [&](watch_context& w) { fn(w); }, max_attempts);
    } else {
      std::optional<result> out;
      watch_loop(keys, [&](watch_context& w) { out.emplace(fn(w)); }, max_attempts);
      return std::move(*out);
    }
  }

  /// The alias' stored key for a name (prefix:version:name by default); the name itself for a
  /// client without an alias.
  std::string key(std::string_view name, key_version v = {}) const;
  template <class T>
  /// The bytes the alias' codec stores for \p value, for commands that write values.
  std::string encode(const T& value) const {
    return codec().encode(value);
  }
  template <class T>
  /// A stored value read with the alias' codec.
  T decode(std::string stored) const {
    return codec().template decode<T>(std::move(stored));
  }

  /// The executor the commands run on.
  executor& commands() const noexcept;
  /// The same executor, shared.
  const std::shared_ptr<executor>& shared_commands() const noexcept;
  /// The codec typed commands read and write values with.
  const value_codec& codec() const noexcept;

 private:
  struct state;
  explicit client(std::shared_ptr<const state> s) : state_(std::move(s)) {}

  template <class... Args>
  static command generic(const Args&... args) {
    command cmd;
    (cmd.arg(args), ...);
    return mark_by_table(std::move(cmd));
  }
  static command mark_by_table(command cmd);

  template <class... T, std::size_t... I>
  std::tuple<command_result<T>...> collect(std::vector<reply>& replies, std::index_sequence<I...>,
                                           const typed_command<T>&... cmds) const {
    if (replies.size() != sizeof...(T)) throw protocol_error("a pipeline lost replies");
    return std::tuple<command_result<T>...>(
        make_result(cmds.conversion(), std::move(replies[I]), codec())...);
  }

  void watch_loop(const std::vector<std::string>& keys,
                  const std::function<void(watch_context&)>& body, int max_attempts) const;

  std::shared_ptr<const state> state_;
};

}  // namespace rediscache
