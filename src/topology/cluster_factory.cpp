#include <rediscache/cluster_executor.hpp>

#include "topology/factory.hpp"

namespace rediscache::detail {

std::shared_ptr<executor> make_cluster_executor(const cluster_options& cluster,
                                                const client_options& data_nodes) {
  return std::make_shared<cluster_executor>(cluster, data_nodes);
}

}  // namespace rediscache::detail
