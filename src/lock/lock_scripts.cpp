#include "lock/lock_scripts.hpp"

namespace rediscache::detail {

// The redis-py texts are kept exactly, indentation included, so both clients share the server's
// script cache (EVALSHA hits for scripts the other loaded).

const script& release_script() {
  static const script s(R"lua(
        local token = redis.call('get', KEYS[1])
        if not token or token ~= ARGV[1] then
            return 0
        end
        redis.call('del', KEYS[1])
        return 1
    )lua");
  return s;
}

const script& release_and_notify_script() {
  static const script s(R"lua(
        local token = redis.call('get', KEYS[1])
        if not token or token ~= ARGV[1] then
            return 0
        end
        redis.call('del', KEYS[1])
        redis.pcall('publish', ARGV[2], KEYS[1])
        return 1
    )lua");
  return s;
}

const script& extend_script() {
  static const script s(R"lua(
        local token = redis.call('get', KEYS[1])
        if not token or token ~= ARGV[1] then
            return 0
        end
        local expiration = redis.call('pttl', KEYS[1])
        if not expiration then
            expiration = 0
        end
        if expiration < 0 then
            return 0
        end

        local newttl = ARGV[2]
        if ARGV[3] == "0" then
            newttl = ARGV[2] + expiration
        end
        redis.call('pexpire', KEYS[1], newttl)
        return 1
    )lua");
  return s;
}

const script& reacquire_script() {
  static const script s(R"lua(
        local token = redis.call('get', KEYS[1])
        if not token or token ~= ARGV[1] then
            return 0
        end
        redis.call('pexpire', KEYS[1], ARGV[2])
        return 1
    )lua",
                        idempotency::idempotent);
  return s;
}

const script& acquire_fenced_script() {
  static const script s(R"lua(
        local set
        if ARGV[2] == '' then
            set = redis.call('set', KEYS[1], ARGV[1], 'NX')
        else
            set = redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
        end
        if not set then
            return 0
        end
        local count = redis.pcall('incr', KEYS[2])
        if type(count) == 'table' and count.err then
            redis.call('del', KEYS[1])
            return count
        end
        return redis.call('get', KEYS[2])
    )lua");
  return s;
}

}  // namespace rediscache::detail
