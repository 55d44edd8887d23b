#pragma once

#include <rediscache/command.hpp>
#include <rediscache/reply.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

// Commands that act on each of their keys on its own (MGET, MSET, DEL, ...) may name keys that live
// on different nodes of a cluster or a sharded deployment. These cut such a command into one
// command per node and put the nodes' replies back together as the one reply the caller expects.
namespace rediscache::detail {

struct split_command {
  enum class merge {
    in_order,  // MGET: the parts' arrays, back in the caller's key order
    sum,       // DEL, UNLINK, EXISTS, TOUCH: the parts' counts added up
    all_ok,    // MSET: OK when every part said OK
  };
  struct part {
    std::size_t node;
    command cmd;
    std::vector<std::size_t> positions;  // where each of this part's keys stood in the original
  };
  merge how = merge::in_order;
  std::size_t key_count = 0;
  std::vector<part> parts;  // one per node, in order of first appearance
};

// Every argument of cmd (the name first), decoded in one pass.
std::vector<std::string_view> arguments_of(const command& cmd);

// nullopt for a command that is not one of those (it must go to one node whole).
std::optional<split_command> split_by_node(
    const command& cmd, const std::function<std::size_t(std::string_view key)>& node_of);

// The caller's reply from the parts' replies (in the order of split.parts). An error reply from
// any part is the result (the first one).
reply merge_replies(const split_command& split, std::vector<reply> replies);

}  // namespace rediscache::detail
