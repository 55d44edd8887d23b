#pragma once

#include <string>
#include <string_view>

namespace rediscache::detail {

// What a cluster node's error reply asks of the client. None of these ran the command, so it
// may be sent again whatever it is.
struct redirect {
  enum class kind {
    none,          // an ordinary error reply: the caller's
    moved,         // MOVED <slot> <node>: the slot lives at node now
    ask,           // ASK <slot> <node>: this key is being migrated; ask node once, after ASKING
    try_again,     // TRYAGAIN: a multi-key command during a migration; retry shortly
    cluster_down,  // CLUSTERDOWN: the cluster cannot serve the slot right now; retry shortly
  };
  kind what = kind::none;
  int slot = -1;
  std::string node;  // "host:port" for moved and ask
  std::string text;  // the whole error message
};

redirect parse_redirect(std::string_view error_message);

}  // namespace rediscache::detail
