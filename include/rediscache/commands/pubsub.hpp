#pragma once

#include <rediscache/commands/builder.hpp>

#include <string_view>

/// \file
/// Publishing as a typed command, for pipelines and transactions (subscribing needs a connection
/// of its own: rediscache/pubsub/subscriber.hpp).
namespace rediscache::cmd {

/// The number of subscribers that received the message.
inline typed_command<long long> publish(std::string_view channel, std::string_view message) {
  static const command_info& info = detail::info_of("publish");
  return typed_command<long long>(detail::start(info, "PUBLISH").arg(channel).arg(message));
}

}  // namespace rediscache::cmd
