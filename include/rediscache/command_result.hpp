#pragma once

#include <rediscache/error.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/value_codec.hpp>

#include <exception>
#include <optional>
#include <string>
#include <utility>

namespace rediscache {

/// The outcome of one command in a pipeline or transaction: its value, or the error it got (an
/// error reply such as WRONGTYPE as reply_error, a reply that did not convert as protocol_error or
/// codec_error). One failing command does not hide the others' results.
template <class T>
class command_result {
 public:
  /// A success.
  explicit command_result(T value) : value_(std::move(value)) {}
  /// A failure, rethrown by value().
  explicit command_result(std::exception_ptr failure) : failure_(std::move(failure)) {}

  ///@{
  /// Whether the command succeeded.
  bool ok() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  ///@}

  /// The value; rethrows the error when there is none.
  const T& value() const& {
    if (!value_) std::rethrow_exception(failure_);
    return *value_;
  }
  /// The value, moved out; rethrows the error when there is none.
  T&& value() && {
    if (!value_) std::rethrow_exception(failure_);
    return std::move(*value_);
  }
  ///@{
  /// The value; rethrows the error when there is none.
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  ///@}

  /// The error's message; empty when ok().
  std::string error_message() const {
    if (value_) return {};
    try {
      std::rethrow_exception(failure_);
    } catch (const std::exception& e) {
      return e.what();
    }
  }

 private:
  std::optional<T> value_;
  std::exception_ptr failure_;
};

/// Converts r as a typed_command<T> would, catching what the conversion throws.
template <class T>
command_result<T> make_result(T (*convert)(reply&&, const value_codec&), reply&& r,
                              const value_codec& codec) {
  try {
    r.throw_if_error();
    return command_result<T>(convert(std::move(r), codec));
  } catch (const error&) {
    return command_result<T>(std::current_exception());
  }
}

}  // namespace rediscache
