#include <rediscache/http/response.hpp>

namespace rediscache::http {

response response::text(int status, std::string body, std::string content_type) {
  response r;
  r.status = status;
  r.headers.set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

void patch_vary(response& r, std::initializer_list<std::string_view> names) {
  std::vector<std::string> vary = split_list(r.headers.joined("Vary"));
  for (const auto& existing : vary) {
    if (existing == "*") return;
  }
  for (std::string_view name : names) {
    bool present = false;
    for (const auto& existing : vary) present = present || iequals(existing, name);
    if (!present) vary.emplace_back(name);
  }
  std::string value;
  for (const auto& v : vary) value += (value.empty() ? "" : ", ") + v;
  r.headers.set("Vary", value);
}

}  // namespace rediscache::http
