#pragma once

#include <rediscache/command_info.hpp>
#include <rediscache/export.hpp>

#include <charconv>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace rediscache {

/// Whether running a command twice has the same effect as running it once. Only idempotent commands
/// are retried after their bytes may have reached the server; INCR must never be applied twice.
enum class idempotency : unsigned char {
  unsafe,     ///< not retried once its bytes may have reached the server
  idempotent  ///< retried after a connection failure
};

/// One command, kept as its RESP argument bytes so that sending it copies memory and formats nothing.
/// Arguments are binary-safe.
class REDISCACHE_API command {
 public:
  command() = default;
  /// A command from its name and arguments; \p kind says whether it may be retried.
  command(std::initializer_list<std::string_view> args, idempotency kind = idempotency::unsafe);

  ///@{
  /// Appends an argument, as bytes; returns *this.
  command& arg(std::string_view data);
  command& arg(const char* text) { return arg(std::string_view(text)); }
  command& arg(const std::string& data) { return arg(std::string_view(data)); }
  ///@}
  /// The shortest decimal text that reads back as the same double; inf and -inf as Redis spells
  /// them. NaN throws config_error (no Redis command takes it).
  command& arg(double value);
  template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  /// Appends an integer argument as decimal text.
  command& arg(Int value) {
    char digits[24];
    auto result = std::to_chars(digits, digits + sizeof digits, value);
    return arg(std::string_view(digits, static_cast<std::size_t>(result.ptr - digits)));
  }

  /// Sets whether the command may be retried after a connection failure.
  command& mark(idempotency kind) {
    idempotency_ = kind;
    return *this;
  }
  /// Whether the command may be retried.
  idempotency kind() const noexcept { return idempotency_; }
  /// True when kind() is idempotency::idempotent.
  bool idempotent() const noexcept { return idempotency_ == idempotency::idempotent; }

  /// Routing knowledge: set by the typed commands, otherwise looked up by name (and subcommand)
  /// in the table taken from Redis' COMMAND. nullptr for a command Redis 7.0 does not know.
  command& describe(const command_info& info) {
    info_ = &info;
    return *this;
  }
  /// The routing knowledge: as given to describe(), else looked up; nullptr when unknown.
  const command_info* info() const noexcept;
  /// The key arguments, found by the command's key specifications. Incomplete when
  /// info()->has(command_info::keys_incomplete), empty for an unknown command.
  std::vector<std::string_view> keys() const;
  /// The same, found by info's key specifications, for a caller that already looked info up.
  std::vector<std::string_view> keys(const command_info& info) const;
  /// Argument i (0 is the name); empty past the end.
  std::string_view argument(std::size_t i) const noexcept;

  /// A blocking command (BLPOP ...) may hold the connection this long on the server, beyond the
  /// usual socket timeout: the connection waits that much longer for its reply.
  command& blocks_for(std::chrono::milliseconds wait) {
    block_ = wait;
    return *this;
  }
  /// How long it may block on the server; 0 for a command that does not block.
  std::chrono::milliseconds block_time() const noexcept { return block_; }

  /// The number of arguments, the name included.
  std::size_t size() const noexcept { return argc_; }
  /// Whether the command has no arguments at all.
  bool empty() const noexcept { return argc_ == 0; }
  /// The command name (first argument), for messages.
  std::string_view name() const;
  /// The encoded arguments without the leading "*<argc>\r\n" header.
  std::string_view encoded_args() const noexcept { return args_; }
  /// Appends the whole RESP encoding of the command to out.
  void encode_to(std::string& out) const;

 private:
  std::string args_;
  std::size_t argc_ = 0;
  idempotency idempotency_ = idempotency::unsafe;
  const command_info* info_ = nullptr;
  std::chrono::milliseconds block_{0};
};

}  // namespace rediscache
