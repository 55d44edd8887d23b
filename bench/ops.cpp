// Runs a fixed number of GETs or SETs (100-byte values) through one client so that
// `valgrind --tool=callgrind` can count user-space instructions per command:
//   rediscache_bench_ops <rediscache|hiredis> <get|set> <count> <port>
#include <rediscache/command.hpp>
#include <rediscache/pooled_executor.hpp>

#include <hiredis/hiredis.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <rediscache|hiredis> <get|set> <count> <port>\n", argv[0]);
    return 2;
  }
  std::string client = argv[1];
  bool get = std::string(argv[2]) == "get";
  long count = std::atol(argv[3]);
  int port = std::atoi(argv[4]);
  const std::string value(100, 'v');

  if (client == "hiredis") {
    redisContext* ctx = redisConnect("127.0.0.1", port);
    if (ctx == nullptr || ctx->err) return 1;
    freeReplyObject(redisCommand(ctx, "SET %s %b", "ops:key", value.data(), value.size()));
    for (long i = 0; i < count; ++i) {
      void* r = get ? redisCommand(ctx, "GET %s", "ops:key")
                    : redisCommand(ctx, "SET %s %b", "ops:key", value.data(), value.size());
      if (r == nullptr) return 1;
      freeReplyObject(r);
    }
    redisFree(ctx);
    return 0;
  }
  rediscache::connection_options options;
  options.port = static_cast<std::uint16_t>(port);
  rediscache::pooled_executor exec(options);
  exec.run(rediscache::command{"SET", "ops:key", value});
  std::size_t total = 0;
  for (long i = 0; i < count; ++i) {
    auto r = get ? exec.run(rediscache::command{"GET", "ops:key"})
                 : exec.run(rediscache::command{"SET", "ops:key", value});
    total += r.str().size();
  }
  return total > 0 ? 0 : 1;
}
