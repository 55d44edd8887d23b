#pragma once

#include <rediscache/command.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/reply.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

/// A Lua script run with EVALSHA. When the server does not have it (NOSCRIPT: first use, after
/// SCRIPT FLUSH, after a restart) it is sent again with EVAL, which also caches it.
class REDISCACHE_API script {
 public:
  /// A script of \p source; \p kind says whether a run may be retried.
  explicit script(std::string source, idempotency kind = idempotency::unsafe);

  /// The Lua source.
  const std::string& source() const noexcept { return source_; }
  /// Lower-case hex SHA-1 of the source, as Redis names scripts.
  const std::string& sha1() const noexcept { return sha1_; }

  ///@{
  /// Runs the script with these keys and arguments: EVALSHA, then EVAL after NOSCRIPT. An error
  /// reply throws reply_error.
  reply run(executor& exec, std::initializer_list<std::string_view> keys,
            std::initializer_list<std::string_view> args = {}) const;
  reply run(executor& exec, const std::vector<std::string>& keys,
            const std::vector<std::string>& args) const;
            ///@}

  /// The commands run() sends, for batching many runs in one pipeline. A batch that gets NOSCRIPT
  /// back can send eval() for those entries.
  command evalsha(const std::vector<std::string>& keys, const std::vector<std::string>& args) const;
  /// \copydoc evalsha
  command eval(const std::vector<std::string>& keys, const std::vector<std::string>& args) const;

 private:
  command build(std::string_view verb, std::string_view body,
                const std::vector<std::string>& keys, const std::vector<std::string>& args) const;
  std::string source_;
  std::string sha1_;
  idempotency kind_;
};

}  // namespace rediscache
