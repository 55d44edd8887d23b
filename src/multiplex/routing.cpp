#include <rediscache/multiplexed_executor.hpp>

#include <cctype>
#include <string_view>

namespace rediscache {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// XREAD and XREADGROUP block only with a BLOCK option, which comes before STREAMS.
bool stream_read_blocks(const command& cmd) {
  for (std::size_t i = 1; i < cmd.size(); ++i) {
    std::string_view arg = cmd.argument(i);
    if (equals_ignoring_case(arg, "STREAMS")) return false;
    if (equals_ignoring_case(arg, "BLOCK")) return true;
  }
  return false;
}

}  // namespace

// A command holds the shared connection only for its own round trip; anything that waits on the
// server or leaves state on the connection would stall or change every other caller's commands.
// An unknown command (a module's) might do either, so it goes to the pool too.
bool multiplexed_executor::shares_connection(const command& cmd) {
  if (cmd.empty() || cmd.block_time().count() > 0) return false;
  const command_info* info = cmd.info();
  if (info == nullptr || info->has(command_info::pinned)) return false;
  if (!info->has(command_info::blocking)) return true;
  return (info->name == "xread" || info->name == "xreadgroup") && !stream_read_blocks(cmd);
}

}  // namespace rediscache
