#pragma once

#include <string>

namespace rediscache::detail {

// 128 bits from a CSPRNG as 32 lower-case hex characters: the shape of redis-py's uuid1().hex,
// but unguessable, so no other client can forge a release.
std::string new_lock_token();

}  // namespace rediscache::detail
