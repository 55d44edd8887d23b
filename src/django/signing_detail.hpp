#pragma once

#include <rediscache/django/signing.hpp>

#include <string>
#include <string_view>

namespace rediscache::django::detail {

// Base64 with or without '=' padding (urlsafe or standard alphabet); false on anything else.
bool b64_decode(std::string_view in, bool urlsafe, std::string& out);
// django.utils.crypto.salted_hmac(key_salt, value, secret, algorithm).digest()
std::string salted_hmac(std::string_view key_salt, std::string_view value, std::string_view secret,
                        hash_algorithm algorithm);
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace rediscache::django::detail
