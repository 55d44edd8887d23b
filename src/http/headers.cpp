#include <rediscache/http/headers.hpp>

#include <algorithm>
#include <cctype>

namespace rediscache::http {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string> split_list(std::string_view value) {
  std::vector<std::string> parts;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view part = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

std::optional<std::string> header_list::get(std::string_view name) const {
  for (const auto& [n, v] : fields_) {
    if (iequals(n, name)) return v;
  }
  return std::nullopt;
}

std::string header_list::joined(std::string_view name) const {
  std::string all;
  for (const auto& [n, v] : fields_) {
    if (!iequals(n, name)) continue;
    if (!all.empty()) all += ", ";
    all += v;
  }
  return all;
}

bool header_list::contains(std::string_view name) const { return get(name).has_value(); }

void header_list::set(std::string_view name, std::string value) {
  remove(name);
  add(name, std::move(value));
}

void header_list::add(std::string_view name, std::string value) {
  fields_.emplace_back(std::string(name), std::move(value));
}

std::size_t header_list::remove(std::string_view name) {
  auto first = std::remove_if(fields_.begin(), fields_.end(),
                              [&](const field& f) { return iequals(f.first, name); });
  auto removed = static_cast<std::size_t>(fields_.end() - first);
  fields_.erase(first, fields_.end());
  return removed;
}

}  // namespace rediscache::http
