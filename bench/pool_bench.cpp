// Many threads sharing one pooled_executor against as many threads each owning a raw hiredis
// context, GET of a 100-byte value, in one process against one local redis-server. Built against
// the public API only, so the same file also measures an older rediscache (scripts/bench.sh
// --base <commit>).
//
//   rediscache_pool_bench [--rounds=N] [--seconds=S] [--only=name,...]
//       starts its own redis-server and runs every setup once per round, round after round, so
//       that a busy moment of the machine hits all of them; prints each run, then per setup the
//       median throughput, the median of its per-round ratios to raw hiredis with as many threads,
//       and context switches (getrusage) and pool waits per command.
//   rediscache_pool_bench --port=P --ops=N --setup=name
//       N GETs of one setup against a running server, for syscall counts (bench/syscalls.sh).
#include "support/redis_server.hpp"

#include <rediscache/command.hpp>
#include <rediscache/pooled_executor.hpp>

#include <hiredis/hiredis.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using steady = std::chrono::steady_clock;

struct setup {
  std::string name;
  int threads;
  std::size_t pool;      // 0: the default pool_options
  bool hiredis;          // one raw hiredis context per thread instead of the pool
  std::string baseline;  // the raw hiredis setup with as many threads
};

const std::vector<setup>& setups() {
  static const std::vector<setup> all = {
      {"hiredis_t64", 64, 0, true, ""},
      {"pool8_t64", 64, 8, false, "hiredis_t64"},
      {"pool_default_t64", 64, 0, false, "hiredis_t64"},
      {"pool64_t64", 64, 64, false, "hiredis_t64"},
      {"hiredis_t8", 8, 0, true, ""},
      {"pool8_t8", 8, 8, false, "hiredis_t8"},
  };
  return all;
}

const std::string key = "bench:pool";
const std::string value(100, 'v');

// One thread's work: GETs until told to stop (or a fixed count), counted where the main thread
// can read them while they run.
class client {
 public:
  virtual ~client() = default;
  virtual void get() = 0;
};

class hiredis_client final : public client {
 public:
  hiredis_client(const std::string& host, int port) : ctx_(redisConnect(host.c_str(), port)) {
    if (ctx_ == nullptr || ctx_->err) throw std::runtime_error("hiredis cannot connect");
  }
  ~hiredis_client() override { redisFree(ctx_); }
  hiredis_client(const hiredis_client&) = delete;
  hiredis_client& operator=(const hiredis_client&) = delete;
  void get() override {
    auto* r = static_cast<redisReply*>(redisCommand(ctx_, "GET %s", key.c_str()));
    if (r == nullptr || r->type != REDIS_REPLY_STRING ||
        static_cast<std::size_t>(r->len) != value.size()) {
      throw std::runtime_error("hiredis GET failed");
    }
    freeReplyObject(r);
  }

 private:
  redisContext* ctx_;
};

class pooled_client final : public client {
 public:
  explicit pooled_client(rediscache::pooled_executor& exec) : exec_(exec) {}
  // Marked idempotent, as the cache facade, cmd::get and client::execute send a GET.
  void get() override {
    if (exec_.run(get_).str().size() != value.size()) {
      throw std::runtime_error("rediscache GET failed");
    }
  }

 private:
  rediscache::pooled_executor& exec_;
  const rediscache::command get_{{"GET", key}, rediscache::idempotency::idempotent};
};

struct alignas(64) counter {
  std::atomic<std::uint64_t> done{0};
};

struct usage {
  long voluntary;
  long involuntary;
  double cpu_seconds;
};

usage own_usage() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);  // every thread of this process, not the server
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {u.ru_nvcsw, u.ru_nivcsw, seconds(u.ru_utime) + seconds(u.ru_stime)};
}

// User and system CPU time of another process (the server), from /proc; 0 when unknown.
double cpu_seconds_of(pid_t pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (name) "
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Throughput depends on what else the machine runs; CPU time per GET much less so.
struct measurement {
  double per_second = 0;
  double voluntary_per_op = 0;
  double involuntary_per_op = 0;
  double waits_per_op = 0;
  double client_us_per_op = 0;
  double server_us_per_op = 0;
};

// Runs s's threads; with ops > 0 each does its share of ops GETs and returns, otherwise they run
// through warm-up and a measured window.
measurement run(const setup& s, const std::string& host, int port, std::uint64_t ops,
                double seconds, pid_t server_pid = -1) {
  rediscache::connection_options options;
  options.host = host;
  options.port = static_cast<std::uint16_t>(port);
  rediscache::pool_options pool;
  if (s.pool != 0) pool.max_connections = s.pool;
  pool.pool_timeout = std::chrono::seconds(10);
  std::unique_ptr<rediscache::pooled_executor> exec;
  if (!s.hiredis) exec = std::make_unique<rediscache::pooled_executor>(options, pool);

  std::vector<counter> counts(static_cast<std::size_t>(s.threads));
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < s.threads; ++t) {
    threads.emplace_back([&, t] {
      try {
        std::unique_ptr<client> c;
        if (s.hiredis) {
          c = std::make_unique<hiredis_client>(host, port);
        } else {
          c = std::make_unique<pooled_client>(*exec);
        }
        ++ready;
        while (!go.load()) std::this_thread::sleep_for(std::chrono::microseconds(200));
        auto& done = counts[static_cast<std::size_t>(t)].done;
        const std::uint64_t share = ops / static_cast<std::uint64_t>(s.threads);
        while (ops > 0 ? done.load(std::memory_order_relaxed) < share : !stop.load()) {
          c->get();
          done.store(done.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", s.name.c_str(), e.what());
        failed = true;
        ++ready;
      }
    });
  }
  while (ready.load() < s.threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto total = [&] {
    std::uint64_t sum = 0;
    for (auto& c : counts) sum += c.done.load(std::memory_order_relaxed);
    return sum;
  };
  measurement m;
  go = true;
  if (ops == 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds / 5));  // warm-up
    const auto start_ops = total();
    const auto start_usage = own_usage();
    const auto start_server = cpu_seconds_of(server_pid);
    const auto start_waits = exec ? exec->pool().stats().waits : 0;
    const auto start = steady::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    const auto end_ops = total();
    const auto end_usage = own_usage();
    const auto end_server = cpu_seconds_of(server_pid);
    const auto end_waits = exec ? exec->pool().stats().waits : 0;
    const double elapsed = std::chrono::duration<double>(steady::now() - start).count();
    stop = true;
    const double n = static_cast<double>(end_ops - start_ops);
    m.per_second = n / elapsed;
    m.voluntary_per_op = static_cast<double>(end_usage.voluntary - start_usage.voluntary) / n;
    m.involuntary_per_op = static_cast<double>(end_usage.involuntary - start_usage.involuntary) / n;
    m.waits_per_op = static_cast<double>(end_waits - start_waits) / n;
    m.client_us_per_op = (end_usage.cpu_seconds - start_usage.cpu_seconds) * 1e6 / n;
    m.server_us_per_op = (end_server - start_server) * 1e6 / n;
  }
  for (auto& t : threads) t.join();
  if (failed) throw std::runtime_error(s.name + " failed");
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

const setup& find_setup(const std::string& name) {
  for (const auto& s : setups()) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no setup named " + name);
}

void prepare(const std::string& host, int port) {
  redisContext* ctx = redisConnect(host.c_str(), port);
  if (ctx == nullptr || ctx->err) throw std::runtime_error("hiredis cannot connect");
  freeReplyObject(redisCommand(ctx, "SET %s %b", key.c_str(), value.data(), value.size()));
  redisFree(ctx);
}

int fixed_ops(int argc, char** argv) {
  const int port = std::stoi(flag(argc, argv, "port", "6379"));
  const std::uint64_t ops = std::stoull(flag(argc, argv, "ops", "100000"));
  const setup& s = find_setup(flag(argc, argv, "setup", "pool8_t64"));
  prepare("127.0.0.1", port);
  const auto start = steady::now();
  run(s, "127.0.0.1", port, ops, 0);
  const double elapsed = std::chrono::duration<double>(steady::now() - start).count();
  std::printf("%s: %llu GETs in %.3f s\n", s.name.c_str(), static_cast<unsigned long long>(ops),
              elapsed);
  return 0;
}

int rounds(int argc, char** argv) {
  const int count = std::stoi(flag(argc, argv, "rounds", "5"));
  const double seconds = std::stod(flag(argc, argv, "seconds", "1"));
  std::vector<setup> chosen;
  const std::string only = flag(argc, argv, "only", "");
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
      measurement m = run(s, server.host(), server.port(), 0, seconds, server.pid());
      std::printf("round %d %-18s %9.0f GET/s  CPU/GET %5.1f us client %5.1f us server\n", round,
                  s.name.c_str(), m.per_second, m.client_us_per_op, m.server_us_per_op);
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
  std::printf("\n%-18s %9s %6s %9s %9s %8s %8s %8s\n", "setup (medians)", "GET/s", "ratio",
              "client us", "server us", "vol.cs", "invol.cs", "waits");
  for (const auto& s : chosen) {
    auto median_of = [&](double measurement::*field) {
      std::vector<double> values;
      for (const auto& m : results[s.name]) values.push_back(m.*field);
      return median(values);
    };
    const auto& r = ratios[s.name];
    std::string ratio = r.empty() ? "-" : std::to_string(median(r)).substr(0, 4);
    std::printf("%-18s %9.0f %6s %9.1f %9.1f %8.2f %8.2f %8.2f\n", s.name.c_str(),
                median_of(&measurement::per_second), ratio.c_str(),
                median_of(&measurement::client_us_per_op),
                median_of(&measurement::server_us_per_op),
                median_of(&measurement::voluntary_per_op),
                median_of(&measurement::involuntary_per_op), median_of(&measurement::waits_per_op));
  }
  std::printf(
      "ratio: of GET/s to raw hiredis with as many threads in the same round; client/server us: "
      "CPU time per GET; cs: context switches per GET (getrusage); waits: pool waits per GET\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return flag(argc, argv, "ops", "").empty() ? rounds(argc, argv) : fixed_ops(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rediscache_pool_bench: %s\n", e.what());
    return 1;
  }
}
