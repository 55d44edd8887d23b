#include "cluster/cluster_fixture.hpp"

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rediscache::test {

redis_cluster& shared_cluster() {
  static const std::unique_ptr<redis_cluster> cluster = std::make_unique<redis_cluster>();
  return *cluster;
}

std::shared_ptr<cluster_executor> make_cluster_executor(read_policy reads, client_options nodes) {
  cluster_options options;
  options.seeds = shared_cluster().seeds();
  options.reads = reads;
  return std::make_shared<cluster_executor>(options, nodes);
}

long long command_calls(const redis_cluster& cluster, std::size_t node, const std::string& name) {
  std::istringstream stats(cluster.command(node, {"INFO", "commandstats"}));
  const std::string prefix = "cmdstat_" + name + ":calls=";
  for (std::string line; std::getline(stats, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return 0;
}

namespace {

long long replication_offset(const redis_cluster& cluster, std::size_t node) {
  std::istringstream info(cluster.command(node, {"INFO", "replication"}));
  const std::string prefix = "master_repl_offset:";
  for (std::string line; std::getline(info, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return -1;
}

}  // namespace

void wait_for_replication(const redis_cluster& cluster) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (std::size_t p : cluster.primaries()) {
    const long long written = replication_offset(cluster, p);
    for (std::size_t r : cluster.replicas_of(p)) {
      while (replication_offset(cluster, r) < written) {
        if (std::chrono::steady_clock::now() > deadline) {
          throw std::runtime_error("replica " + cluster.address(r) + " did not catch up with " +
                                   cluster.address(p));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
  }
}

void reset_command_stats(const redis_cluster& cluster) {
  for (std::size_t i = 0; i < cluster.size(); ++i) {
    if (cluster.node(i).running()) cluster.command(i, {"CONFIG", "RESETSTAT"});
  }
}

void cluster_test::SetUp() {
  for (std::size_t p : cluster().primaries()) cluster().command(p, {"FLUSHALL"});
}

}  // namespace rediscache::test
