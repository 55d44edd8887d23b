#include "ratelimit/scripts.hpp"

namespace rediscache::detail {

// Sliding log. The key is a sorted set with one member per unit taken, scored by its time; a unit
// taken at t counts while now < t + window. Members are "<time>:<token>:<i>", the token unique
// per decision, so equal times never collapse into one member. Expired members are trimmed on
// every call, a denied request adds nothing, and the key expires one window after the last
// allowed request. Memory is O(limit) per id; ZADD goes in slices because Lua's unpack() has a
// stack limit.
const script& sliding_log_script() {
  static const script s(lua_prelude() + R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - window))
local count = redis.call('ZCARD', KEYS[1])
local function expiry_of(rank)
  return tonumber(redis.call('ZRANGE', KEYS[1], rank, rank, 'WITHSCORES')[2]) + window - now
end
local function reset_after(n) if n > 0 then return expiry_of(-1) end return 0 end
local left = math.max(0, limit - count)
if cost > limit then return {0, left, -1, reset_after(count)} end
if count + cost > limit then
  return {0, left, expiry_of(count + cost - limit - 1), reset_after(count)}
end
if cost > 0 then
  local score = int(now)
  local member = score .. ':' .. ARGV[5] .. ':'
  local slice = {}
  for i = 1, cost do
    slice[#slice + 1] = score
    slice[#slice + 1] = member .. i
    if #slice == 2000 or i == cost then
      redis.call('ZADD', KEYS[1], unpack(slice))
      slice = {}
    end
  end
  pexpire_us(window)
  count = count + cost
end
return {1, limit - count, 0, reset_after(count)}
)lua");
  return s;
}

}  // namespace rediscache::detail
