#include "ratelimit/scripts.hpp"

namespace rediscache::detail {

// Fixed window. Windows are aligned to multiples of the window since the Unix epoch. The key is a
// hash {w: window number, n: units taken in it}: keeping the window number next to the count
// makes the decision depend on "now" only, never on when the key happens to expire, so an
// injected clock is exact. The first hit of a window rewrites the hash and sets the expiry to the
// window's end (HSET + PEXPIRE); later hits HINCRBY. A denied request takes nothing.
const script& fixed_window_script() {
  static const script s(lua_prelude() + R"lua(
local current = idiv(now, window)
local window_end = (current + 1) * window - now
local stored = redis.call('HMGET', KEYS[1], 'w', 'n')
local count = 0
if tonumber(stored[1]) == current then count = tonumber(stored[2]) end
local function reset_after(n) if n > 0 then return window_end end return 0 end
if cost > limit then return {0, math.max(0, limit - count), -1, reset_after(count)} end
if count + cost > limit then
  return {0, math.max(0, limit - count), window_end, window_end}
end
if cost > 0 then
  if count == 0 then
    redis.call('HSET', KEYS[1], 'w', int(current), 'n', int(cost))
    pexpire_us(window_end)
  else
    redis.call('HINCRBY', KEYS[1], 'n', int(cost))
  end
  count = count + cost
end
return {1, limit - count, 0, reset_after(count)}
)lua");
  return s;
}

}  // namespace rediscache::detail
