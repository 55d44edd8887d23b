#pragma once

#include <rediscache/command.hpp>
#include <rediscache/command_result.hpp>
#include <rediscache/error.hpp>
#include <rediscache/export.hpp>
#include <rediscache/transaction.hpp>
#include <rediscache/typed_command.hpp>
#include <rediscache/value_codec.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace rediscache {

namespace detail {
// What a batch's handles read once it has run.
struct batch_state {
  std::vector<reply> replies;
  bool ran = false;
  transaction_result::outcome status = transaction_result::outcome::committed;
  std::shared_ptr<const value_codec> codec;
};
}  // namespace detail

/// A command queued in a batch; after the batch ran, get() gives its typed result. Copies share
/// the result, which is converted once; a handle stays valid after its batch is gone.
template <class T>
class queued {
 public:
  /// The value, or the command's error thrown (reply_error for an error reply, including a
  /// transaction that was discarded or whose WATCHed keys changed).
  const T& get() const { return result().value(); }
  /// The command's result, converted once: its value or its error. config_error before the batch
  /// ran.
  const command_result<T>& result() const {
    if (!slot_->converted) {
      if (!state_->ran) throw config_error("the batch holding this command has not run yet");
      slot_->converted.emplace(convert());
    }
    return *slot_->converted;
  }

 private:
  friend class batch;
  struct slot {
    std::optional<command_result<T>> converted;
  };
  using converter = typename typed_command<T>::converter;
  queued(std::shared_ptr<detail::batch_state> state, std::size_t index, converter fn)
      : state_(std::move(state)), index_(index), convert_(fn),
        slot_(std::make_shared<slot>()) {}

  command_result<T> convert() const {
    using outcome = transaction_result::outcome;
    if (state_->status == outcome::watch_failed) {
      return command_result<T>(std::make_exception_ptr(
          reply_error("EXECABORT the transaction did not run: a WATCHed key changed")));
    }
    return make_result(convert_, std::move(state_->replies.at(index_)), *state_->codec);
  }

  std::shared_ptr<detail::batch_state> state_;
  std::size_t index_;
  converter convert_;
  std::shared_ptr<slot> slot_;
};

/// Typed commands collected to run together: as one pipeline (client::run) or as one MULTI/EXEC
/// transaction (client::run_transaction). A batch runs once.
class REDISCACHE_API batch {
 public:
  /// An empty batch.
  batch() : state_(std::make_shared<detail::batch_state>()) {}

  template <class T>
  /// Queues \p cmd; the handle gives its result once the batch ran.
  queued<T> add(typed_command<T> cmd) {
    commands_.push_back(std::move(cmd.raw()));
    return queued<T>(state_, commands_.size() - 1, cmd.conversion());
  }

  /// How many commands are queued.
  std::size_t size() const noexcept { return commands_.size(); }
  /// Whether no command is queued.
  bool empty() const noexcept { return commands_.empty(); }
  /// The queued commands, in order.
  const std::vector<command>& commands() const noexcept { return commands_; }
  /// Whether the batch ran.
  bool ran() const noexcept { return state_->ran; }

  /// Called by the client that ran the commands, with their replies in order.
  void complete(std::vector<reply> replies, std::shared_ptr<const value_codec> codec,
                transaction_result::outcome status = transaction_result::outcome::committed);

 private:
  std::vector<command> commands_;
  std::shared_ptr<detail::batch_state> state_;
};

}  // namespace rediscache
