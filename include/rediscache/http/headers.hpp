#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rediscache::http {

/// HTTP header fields in arrival order. Names compare case-insensitively (RFC 9110 5.1); a name may
/// repeat (Set-Cookie), so this is a list, not a map.
class header_list {
 public:
  /// One field: name and value.
  using field = std::pair<std::string, std::string>;

  /// The first value under name, or nothing.
  std::optional<std::string> get(std::string_view name) const;
  /// Every value under name joined with ", ", as RFC 9110 allows for list-valued fields.
  std::string joined(std::string_view name) const;
  /// Whether any field has this name.
  bool contains(std::string_view name) const;
  /// Replaces every field under name with one.
  void set(std::string_view name, std::string value);
  /// Appends a field, keeping those already under name.
  void add(std::string_view name, std::string value);
  /// Removes every field under name; returns how many.
  std::size_t remove(std::string_view name);

  /// Every field in arrival order.
  const std::vector<field>& fields() const noexcept { return fields_; }
  /// Whether there is no field.
  bool empty() const noexcept { return fields_.empty(); }

 private:
  std::vector<field> fields_;
};

/// Whether a and b are equal ignoring ASCII case, as header names compare.
bool iequals(std::string_view a, std::string_view b) noexcept;

/// The comma-separated elements of a list-valued field, trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view value);

}  // namespace rediscache::http
