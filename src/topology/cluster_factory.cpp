#include <rediscache/error.hpp>

#include "topology/factory.hpp"

namespace rediscache::detail {

// Completed when the cluster branch is merged:
//   return std::make_shared<cluster_executor>(cluster, data_nodes);
std::shared_ptr<executor> make_cluster_executor(const cluster_options&, const client_options&) {
  throw unsupported_error(
      "Redis Cluster support (cluster_executor) is not part of this build yet");
}

}  // namespace rediscache::detail
