#include <rediscache/command_info.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>

namespace rediscache {
namespace {

constexpr command_info table[] = {
#include "commands/command_table.inc"
};

// Names are short ASCII: lower-cased into a stack buffer for the binary search.
const command_info* lookup(std::string_view name, std::string_view subcommand) noexcept {
  char buffer[64];
  std::size_t size = 0;
  auto append = [&](std::string_view part) {
    for (const char c : part) buffer[size++] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  if (name.empty() || name.size() + subcommand.size() + 1 > sizeof buffer) return nullptr;
  append(name);
  if (!subcommand.empty()) {
    buffer[size++] = '|';
    append(subcommand);
  }
  const std::string_view lower(buffer, size);
  auto it = std::lower_bound(std::begin(table), std::end(table), lower,
                             [](const command_info& e, std::string_view n) { return e.name < n; });
  return it != std::end(table) && it->name == lower ? &*it : nullptr;
}

}  // namespace

const command_info* find_command_info(std::string_view name, std::string_view subcommand) noexcept {
  if (!subcommand.empty()) {
    if (const command_info* sub = lookup(name, subcommand)) return sub;
  }
  return lookup(name, {});
}

}  // namespace rediscache
