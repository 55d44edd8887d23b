#include "ratelimit/scripts.hpp"

namespace rediscache::detail {

// idiv corrects the double division by one step either way: a / b can round up to the next
// integer when a is large, and the C++ reference model divides exactly. int() formats with %d
// because tostring() prints 14 significant digits and would round microsecond timestamps.
const std::string& lua_prelude() {
  static const std::string text = R"lua(
local function idiv(a, b)
  local q = math.floor(a / b)
  if q * b > a then q = q - 1 elseif (q + 1) * b <= a then q = q + 1 end
  return q
end
local function int(x) return string.format('%d', x) end
local function pexpire_us(us) redis.call('PEXPIRE', KEYS[1], int(idiv(us + 999, 1000))) end
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local cost = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
)lua";
  return text;
}

}  // namespace rediscache::detail
