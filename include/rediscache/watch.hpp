#pragma once

#include <rediscache/batch.hpp>
#include <rediscache/connection.hpp>
#include <rediscache/typed_command.hpp>
#include <rediscache/value_codec.hpp>

#include <memory>
#include <utility>

namespace rediscache {

/// What a client::watch() body works with: the connection holding the WATCH, for reads that must
/// see the watched state (run), and the writes to commit together if nothing changed (queue).
class watch_context {
 public:
  /// Made by client::watch() for its body: the watched connection and the alias' codec.
  watch_context(connection& conn, std::shared_ptr<const value_codec> codec)
      : conn_(conn), codec_(std::move(codec)) {}

  /// Runs now, on the watched connection.
  template <class T>
  T run(const typed_command<T>& cmd) {
    return cmd.convert(conn_.execute(cmd.raw()), *codec_);
  }
  /// Runs in MULTI/EXEC once the body returns; the handle holds the result after a commit.
  template <class T>
  queued<T> queue(typed_command<T> cmd) {
    return writes_.add(std::move(cmd));
  }

  /// The writes queued so far.
  batch& writes() noexcept { return writes_; }
  /// The codec values are read and written with.
  const std::shared_ptr<const value_codec>& codec() const noexcept { return codec_; }

 private:
  connection& conn_;
  std::shared_ptr<const value_codec> codec_;
  batch writes_;
};

}  // namespace rediscache
