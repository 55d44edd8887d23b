// rediscache vs raw hiredis 0.14 in one process against one local redis-server. Prints Google
// Benchmark's table, then the throughput ratio rediscache/hiredis of each pair (name_hiredis vs
// name_rediscache) measured in the same run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

void prepare_client_bench();

namespace {

class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      // With repetitions only the median counts; without, the single run.
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      auto it = run.counters.find("items_per_second");
      if (it == run.counters.end()) continue;
      std::string name = run.run_name.function_name;
      rates_[name] = it->second.value;
    }
  }

  void print_ratios() const {
    std::printf("\nthroughput ratio rediscache / hiredis (above 1.0: rediscache is faster)\n");
    for (const auto& [name, rate] : rates_) {
      auto pos = name.rfind("_hiredis");
      if (pos == std::string::npos) continue;
      std::string base = name.substr(0, pos);
      auto ours = rates_.find(base + "_rediscache");
      if (ours == rates_.end()) continue;
      std::printf("  %-28s %.2f\n", base.substr(3).c_str(), ours->second / rate);
    }
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  prepare_client_bench();
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
