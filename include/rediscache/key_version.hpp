#pragma once

namespace rediscache {

// The version part of a cache key (prefix:version:key). Left unset, an operation uses the alias'
// version. A distinct type, so get<int>("k", 5) can never mistake a default value for a version.
class key_version {
 public:
  constexpr key_version() = default;
  constexpr explicit key_version(int number) : number_(number), set_(true) {}

  constexpr bool is_set() const { return set_; }
  constexpr int number() const { return number_; }
  constexpr int or_default(int fallback) const { return set_ ? number_ : fallback; }

 private:
  int number_ = 0;
  bool set_ = false;
};

}  // namespace rediscache
