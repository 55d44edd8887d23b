#pragma once

#include <rediscache/command.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/reply_as.hpp>
#include <rediscache/value_codec.hpp>

#include <utility>

namespace rediscache {

/// A command together with the C++ type its reply becomes. Each Redis command is written once, as
/// a function returning one of these (see include/rediscache/commands/); the same object runs in
/// one call (client::run), in a pipeline (batch, client::pipeline) or in a transaction.
template <class T>
class typed_command {
 public:
  /// The C++ type of the result.
  using result_type = T;
  /// How a reply becomes a T.
  using converter = T (*)(reply&&, const value_codec&);

  /// The command \p cmd, its reply converted by \p fn (reply_as<T> unless given).
  explicit typed_command(command cmd, converter fn = &reply_as<T>)
      : cmd_(std::move(cmd)), convert_(fn) {}

  ///@{
  /// The untyped command, to inspect or to add arguments to.
  const command& raw() const noexcept { return cmd_; }
  command& raw() noexcept { return cmd_; }
  ///@}

  /// The reply as T. An error reply throws reply_error; a reply of the wrong shape protocol_error;
  /// a stored value that does not decode, codec_error.
  T convert(reply&& r, const value_codec& codec) const { return apply(convert_, std::move(r), codec); }
  /// The conversion this command uses.
  converter conversion() const noexcept { return convert_; }

  /// Converts r with \p fn: an error reply throws reply_error.
  static T apply(converter fn, reply&& r, const value_codec& codec) {
    r.throw_if_error();
    return fn(std::move(r), codec);
  }

 private:
  command cmd_;
  converter convert_;
};

}  // namespace rediscache
