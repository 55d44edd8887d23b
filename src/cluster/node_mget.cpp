#include "cluster/node_mget.hpp"

#include "topology/split.hpp"

namespace rediscache::detail {
namespace {

// pcall so that a key of another type reads as nil, as MGET has it; any other error (a key this
// node does not serve) fails the whole call.
constexpr std::string_view source =
    "#!lua flags=no-writes,allow-cross-slot-keys\n"
    "local values = {}\n"
    "for i, key in ipairs(ARGV) do\n"
    "  local value = redis.pcall('GET', key)\n"
    "  if type(value) == 'table' and value.err then\n"
    "    if string.sub(value.err, 1, 9) ~= 'WRONGTYPE' then return redis.error_reply(value.err) end\n"
    "    value = false\n"
    "  end\n"
    "  values[i] = value\n"
    "end\n"
    "return values\n";

}  // namespace

command node_mget_command(const std::vector<std::string_view>& keys) {
  command cmd{{"EVAL", source, "0"}, idempotency::idempotent};
  for (const auto key : keys) cmd.arg(key);
  return cmd;
}

std::vector<std::string_view> node_mget_keys(const command& script_call) {
  auto args = arguments_of(script_call);
  args.erase(args.begin(), args.begin() + 3);
  return args;
}

bool node_mget_missed_keys(std::string_view error_message) {
  return error_message.find("non local key") != std::string_view::npos;
}

}  // namespace rediscache::detail
