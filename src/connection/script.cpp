#include <rediscache/error.hpp>
#include <rediscache/script.hpp>

#include <openssl/sha.h>

namespace rediscache {
namespace {

std::string sha1_hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 0x0f];
  }
  return out;
}

std::vector<std::string> to_vector(std::initializer_list<std::string_view> items) {
  return std::vector<std::string>(items.begin(), items.end());
}

}  // namespace

script::script(std::string source, idempotency kind)
    : source_(std::move(source)), sha1_(sha1_hex(source_)), kind_(kind) {}

command script::build(std::string_view verb, std::string_view body,
                      const std::vector<std::string>& keys,
                      const std::vector<std::string>& args) const {
  command cmd{verb, body};
  cmd.arg(keys.size());
  for (const auto& k : keys) cmd.arg(k);
  for (const auto& a : args) cmd.arg(a);
  return cmd.mark(kind_);
}

command script::evalsha(const std::vector<std::string>& keys,
                        const std::vector<std::string>& args) const {
  return build("EVALSHA", sha1_, keys, args);
}

command script::eval(const std::vector<std::string>& keys,
                     const std::vector<std::string>& args) const {
  return build("EVAL", source_, keys, args);
}

reply script::run(executor& exec, std::initializer_list<std::string_view> keys,
                  std::initializer_list<std::string_view> args) const {
  return run(exec, to_vector(keys), to_vector(args));
}

reply script::run(executor& exec, const std::vector<std::string>& keys,
                  const std::vector<std::string>& args) const {
  try {
    return exec.run(evalsha(keys, args));
  } catch (const reply_error& e) {
    if (e.server_code() != "NOSCRIPT") throw;
  }
  return exec.run(eval(keys, args));
}

}  // namespace rediscache
