#include "ratelimit/scripts.hpp"

namespace rediscache::detail {

// Sliding window counter (Cloudflare's). The key is a hash {w: current window number, c: units in
// it, p: units in the window before}. The estimate of the sliding window's count is
// floor(p * (window - elapsed) / window) + c: it assumes the previous window's requests were
// spread evenly. All arithmetic is on integers (the limiter keeps (limit + 1) * window below
// 2^53), so retry_after is exact for the estimate: the first microsecond at which the previous
// count's weighted share has shrunk enough, in this window or the next one.
const script& sliding_window_script() {
  static const script s(lua_prelude() + R"lua(
local current = idiv(now, window)
local elapsed = now - current * window
local stored = redis.call('HMGET', KEYS[1], 'w', 'c', 'p')
local w = tonumber(stored[1])
local cur, prev = 0, 0
if w == current then
  cur, prev = tonumber(stored[2]), tonumber(stored[3])
elseif w == current - 1 then
  prev = tonumber(stored[2])
end
local function weighted(p, e) return idiv(p * (window - e), window) end
-- The first elapsed time of a window after one of p units at which room more units fit; nil when
-- that window has none.
local function first_fit(p, room)
  if room < 0 then return nil end
  if p == 0 then return 0 end
  local e = math.max(0, window - idiv((room + 1) * window - 1, p))
  if e >= window then return nil end
  return e
end
local function reset_after(c)
  if c > 0 then return (current + 2) * window - now end
  if prev > 0 then return (current + 1) * window - now end
  return 0
end
local estimate = weighted(prev, elapsed) + cur
if cost > limit then return {0, math.max(0, limit - estimate), -1, reset_after(cur)} end
if estimate + cost > limit then
  local retry
  local e = first_fit(prev, limit - cur - cost)
  if e then
    retry = e - elapsed
  else
    e = first_fit(cur, limit - cost)
    if e then retry = (current + 1) * window + e - now else retry = (current + 2) * window - now end
  end
  return {0, math.max(0, limit - estimate), retry, reset_after(cur)}
end
if cost > 0 then
  cur = cur + cost
  redis.call('HSET', KEYS[1], 'w', int(current), 'c', int(cur), 'p', int(prev))
  pexpire_us((current + 2) * window - now)
end
return {1, limit - weighted(prev, elapsed) - cur, 0, reset_after(cur)}
)lua");
  return s;
}

}  // namespace rediscache::detail
