#include "ratelimit/scripts.hpp"

namespace rediscache::detail {

// GCRA (as brandur/redis-cell and rwz/redis-gcra). The key holds the theoretical arrival time
// (TAT): when the bucket would be full again. Each unit pushes it one emission interval T into
// the future; a request is allowed when its new TAT is at most burst * T ahead of now. One key,
// O(1), exact; the key expires when the bucket is full again, which reads the same as no key.
const script& gcra_script() {
  static const script s(lua_prelude() + R"lua(
local burst, interval = limit, window
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local tolerance = interval * burst
local function left(t) return math.max(0, idiv(now + tolerance - t, interval)) end
if cost > burst then return {0, left(tat), -1, tat - now} end
local new_tat = tat + interval * cost
local allow_at = new_tat - tolerance
if allow_at > now then return {0, left(tat), allow_at - now, tat - now} end
if cost > 0 then
  redis.call('SET', KEYS[1], int(new_tat), 'PX', int(idiv(new_tat - now + 999, 1000)))
end
return {1, left(new_tat), 0, new_tat - now}
)lua");
  return s;
}

}  // namespace rediscache::detail
