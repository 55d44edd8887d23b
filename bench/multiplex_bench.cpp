// Many threads on one multiplexed_executor against the same threads each owning a raw hiredis
// context and against pooled_executors of 8 and 64 connections: GET of a 100-byte value, and an
// 80/20 GET/SET mix; then one thread, multiplexed against raw hiredis. One process against one
// local redis-server, which the binary starts. Public API only.
//
//   rediscache_multiplex_bench [--rounds=N] [--seconds=S] [--only=name,...]
//       runs every setup once per round, round after round, so a busy moment of the machine hits
//       all of them; prints each run, then per setup the medians: throughput, ratio to raw
//       hiredis with as many threads in the same round, latency p50/p99/p999 and context
//       switches per command (getrusage).
//   rediscache_multiplex_bench --port=P --ops=N --setup=name
//       N commands of one setup against a running server, for syscall counts (strace -c -f).
#include "support/redis_server.hpp"

#include <rediscache/command.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/pooled_executor.hpp>

#include <hiredis/hiredis.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using steady = std::chrono::steady_clock;

enum class kind { hiredis, pooled, multiplexed };

struct setup {
  std::string name;
  int threads;
  kind how;
  std::size_t pool;      // pooled: connections
  bool mix;              // 80 % GET, 20 % SET instead of GET only
  std::string baseline;  // the raw hiredis setup with as many threads and the same mix
};

const std::vector<setup>& setups() {
  static const std::vector<setup> all = {
      {"hiredis_t64", 64, kind::hiredis, 0, false, ""},
      {"pool8_t64", 64, kind::pooled, 8, false, "hiredis_t64"},
      {"pool64_t64", 64, kind::pooled, 64, false, "hiredis_t64"},
      {"mux_t64", 64, kind::multiplexed, 0, false, "hiredis_t64"},
      {"hiredis_mix_t64", 64, kind::hiredis, 0, true, ""},
      {"pool8_mix_t64", 64, kind::pooled, 8, true, "hiredis_mix_t64"},
      {"pool64_mix_t64", 64, kind::pooled, 64, true, "hiredis_mix_t64"},
      {"mux_mix_t64", 64, kind::multiplexed, 0, true, "hiredis_mix_t64"},
      {"hiredis_t1", 1, kind::hiredis, 0, false, ""},
      {"mux_t1", 1, kind::multiplexed, 0, false, "hiredis_t1"},
  };
  return all;
}

const std::string key = "bench:mux";
const std::string value(100, 'v');

class client {
 public:
  virtual ~client() = default;
  virtual void get() = 0;
  virtual void set() = 0;
};

class hiredis_client final : public client {
 public:
  hiredis_client(const std::string& host, int port) : ctx_(redisConnect(host.c_str(), port)) {
    if (ctx_ == nullptr || ctx_->err) throw std::runtime_error("hiredis cannot connect");
  }
  ~hiredis_client() override { redisFree(ctx_); }
  hiredis_client(const hiredis_client&) = delete;
  hiredis_client& operator=(const hiredis_client&) = delete;
  void get() override { check(redisCommand(ctx_, "GET %s", key.c_str()), REDIS_REPLY_STRING); }
  void set() override {
    check(redisCommand(ctx_, "SET %s %b", key.c_str(), value.data(), value.size()),
          REDIS_REPLY_STATUS);
  }

 private:
  static void check(void* raw, int type) {
    auto* r = static_cast<redisReply*>(raw);
    if (r == nullptr || r->type != type) throw std::runtime_error("hiredis command failed");
    freeReplyObject(r);
  }
  redisContext* ctx_;
};

class executor_client final : public client {
 public:
  explicit executor_client(rediscache::executor& exec) : exec_(exec) {}
  void get() override {
    if (exec_.run(rediscache::command{"GET", key}).str().size() != value.size()) {
      throw std::runtime_error("rediscache GET failed");
    }
  }
  void set() override {
    if (!exec_.run(rediscache::command{"SET", key, value}).is_ok()) {
      throw std::runtime_error("rediscache SET failed");
    }
  }

 private:
  rediscache::executor& exec_;
};

std::unique_ptr<rediscache::executor> make_executor(const setup& s, const std::string& host,
                                                    int port) {
  rediscache::connection_options options;
  options.host = host;
  options.port = static_cast<std::uint16_t>(port);
  if (s.how == kind::multiplexed) return std::make_unique<rediscache::multiplexed_executor>(options);
  rediscache::pool_options pool;
  pool.max_connections = s.pool;
  pool.pool_timeout = std::chrono::seconds(10);
  if (s.how == kind::pooled) return std::make_unique<rediscache::pooled_executor>(options, pool);
  return nullptr;
}

struct measurement {
  double per_second = 0;
  double p50_us = 0, p99_us = 0, p999_us = 0;
  double switches_per_op = 0;
};

long context_switches() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_nvcsw + u.ru_nivcsw;
}

double percentile(std::vector<float>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

// Runs s's threads: with ops > 0 each does its share and returns; otherwise a warm-up, then a
// measured window in which each thread records every command's latency.
measurement run(const setup& s, const std::string& host, int port, std::uint64_t ops,
                double seconds) {
  auto exec = make_executor(s, host, port);
  const auto threads_n = static_cast<std::size_t>(s.threads);
  std::vector<std::vector<float>> latencies(threads_n);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false}, measuring{false}, stop{false}, failed{false};
  std::atomic<std::uint64_t> measured{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < threads_n; ++t) {
    threads.emplace_back([&, t] {
      try {
        std::unique_ptr<client> c;
        if (s.how == kind::hiredis) c = std::make_unique<hiredis_client>(host, port);
        else c = std::make_unique<executor_client>(*exec);
        auto& mine = latencies[t];
        mine.reserve(ops > 0 ? 0 : 200000);
        ++ready;
        while (!go.load()) std::this_thread::sleep_for(std::chrono::microseconds(200));
        const std::uint64_t share = ops / threads_n;
        std::uint64_t n = 0, counted = 0;
        for (; ops > 0 ? n < share : !stop.load(std::memory_order_relaxed); ++n) {
          const bool timed = measuring.load(std::memory_order_relaxed);
          const auto start = timed ? steady::now() : steady::time_point{};
          if (s.mix && n % 5 == 4) c->set();
          else c->get();
          if (timed) {
            mine.push_back(std::chrono::duration<float, std::micro>(steady::now() - start).count());
            ++counted;
          }
        }
        measured += counted;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", s.name.c_str(), e.what());
        failed = true;
        ++ready;
      }
    });
  }
  while (ready.load() < s.threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  measurement m;
  go = true;
  double elapsed = 0;
  long switches = 0;
  if (ops == 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds / 5));
    const long before = context_switches();
    const auto start = steady::now();
    measuring = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    measuring = false;
    elapsed = std::chrono::duration<double>(steady::now() - start).count();
    switches = context_switches() - before;
    stop = true;
  }
  for (auto& t : threads) t.join();
  if (failed) throw std::runtime_error(s.name + " failed");
  if (ops == 0) {
    std::vector<float> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    const double n = static_cast<double>(measured.load());
    m.per_second = n / elapsed;
    m.p50_us = percentile(all, 0.5);
    m.p99_us = percentile(all, 0.99);
    m.p999_us = percentile(all, 0.999);
    m.switches_per_op = static_cast<double>(switches) / n;
  }
  return m;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
  }
  return fallback;
}

void prepare(const std::string& host, int port) {
  hiredis_client c(host, port);
  c.set();
}

int fixed_ops(int argc, char** argv) {
  const int port = std::stoi(flag(argc, argv, "port", "6379"));
  const std::uint64_t ops = std::stoull(flag(argc, argv, "ops", "100000"));
  const std::string name = flag(argc, argv, "setup", "mux_t64");
  for (const auto& s : setups()) {
    if (s.name != name) continue;
    prepare("127.0.0.1", port);
    const auto start = steady::now();
    run(s, "127.0.0.1", port, ops, 0);
    std::printf("%s: %llu commands in %.3f s\n", name.c_str(),
                static_cast<unsigned long long>(ops),
                std::chrono::duration<double>(steady::now() - start).count());
    return 0;
  }
  throw std::runtime_error("no setup named " + name);
}

int rounds(int argc, char** argv) {
  const int count = std::stoi(flag(argc, argv, "rounds", "5"));
  const double seconds = std::stod(flag(argc, argv, "seconds", "1"));
  const std::string only = flag(argc, argv, "only", "");
  std::vector<setup> chosen;
  for (const auto& s : setups()) {
    if (only.empty() || ("," + only + ",").find("," + s.name + ",") != std::string::npos) {
      chosen.push_back(s);
    }
  }
  rediscache::test::redis_server server;
  prepare(server.host(), server.port());
  std::map<std::string, std::vector<measurement>> results;
  std::map<std::string, std::vector<double>> ratios;
  for (int round = 1; round <= count; ++round) {
    std::map<std::string, double> this_round;
    for (const auto& s : chosen) {
      measurement m = run(s, server.host(), server.port(), 0, seconds);
      std::printf("round %d %-16s %9.0f op/s  p50 %7.1f us  p99 %7.1f us  p999 %7.1f us\n", round,
                  s.name.c_str(), m.per_second, m.p50_us, m.p99_us, m.p999_us);
      std::fflush(stdout);
      results[s.name].push_back(m);
      this_round[s.name] = m.per_second;
    }
    for (const auto& s : chosen) {
      if (!s.baseline.empty() && this_round.count(s.baseline) != 0) {
        ratios[s.name].push_back(this_round[s.name] / this_round[s.baseline]);
      }
    }
  }
  std::printf("\n%-16s %9s %6s %9s %9s %9s %8s\n", "setup (medians)", "op/s", "ratio", "p50 us",
              "p99 us", "p999 us", "cs/op");
  for (const auto& s : chosen) {
    auto median_of = [&](double measurement::*field) {
      std::vector<double> values;
      for (const auto& m : results[s.name]) values.push_back(m.*field);
      return median(values);
    };
    const auto& r = ratios[s.name];
    const std::string ratio = r.empty() ? "-" : std::to_string(median(r)).substr(0, 4);
    std::printf("%-16s %9.0f %6s %9.1f %9.1f %9.1f %8.2f\n", s.name.c_str(),
                median_of(&measurement::per_second), ratio.c_str(),
                median_of(&measurement::p50_us), median_of(&measurement::p99_us),
                median_of(&measurement::p999_us), median_of(&measurement::switches_per_op));
  }
  std::printf("ratio: of op/s to raw hiredis with as many threads (and the same mix) in the same "
              "round; cs/op: context switches per command (getrusage, this process)\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return flag(argc, argv, "ops", "").empty() ? rounds(argc, argv) : fixed_ops(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rediscache_multiplex_bench: %s\n", e.what());
    return 1;
  }
}
