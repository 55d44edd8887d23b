#pragma once
// Google Benchmark's console table, then the throughput ratio of each pair of benchmarks measured
// in the same run: BM_<name><ours> over BM_<name><baseline>.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bench {

class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  ratio_reporter(std::string baseline, std::string ours, std::string title)
      : baseline_(std::move(baseline)), ours_(std::move(ours)), title_(std::move(title)) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      // With repetitions only the median counts; without, the single run.
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) rates_[run.run_name.function_name] = it->second.value;
    }
  }

  void print_ratios() const {
    std::printf("\n%s\n", title_.c_str());
    for (const auto& [name, rate] : rates_) {
      const auto pos = name.rfind(baseline_);
      if (pos == std::string::npos || pos + baseline_.size() != name.size()) continue;
      const std::string base = name.substr(0, pos);
      auto ours = rates_.find(base + ours_);
      if (ours == rates_.end()) continue;
      std::printf("  %-28s %.2f\n", base.substr(3).c_str(), ours->second / rate);
    }
  }

 private:
  std::string baseline_;
  std::string ours_;
  std::string title_;
  std::map<std::string, double> rates_;
};

}  // namespace bench
