// Storing your own types: ADL to_json/from_json (JSON or msgpack), or a codec specialization for
// full control of the bytes; compression above a size threshold.
//   example_cache_custom_types [redis://127.0.0.1:6379/0]
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace shop {

struct product {
  std::string name;
  int cents = 0;
  std::vector<std::string> tags;
};

// Found by argument-dependent lookup: product goes through the alias' serializer.
void to_json(nlohmann::json& j, const product& p) {
  j = {{"name", p.name}, {"cents", p.cents}, {"tags", p.tags}};
}
void from_json(const nlohmann::json& j, product& p) {
  j.at("name").get_to(p.name);
  j.at("cents").get_to(p.cents);
  j.at("tags").get_to(p.tags);
}

struct point {
  int x = 0, y = 0;
};

}  // namespace shop

// A codec specialization decides the stored bytes itself: here "x,y".
template <>
struct rediscache::codec<shop::point> {
  static std::string encode(const shop::point& p, const serializer&) {
    return std::to_string(p.x) + "," + std::to_string(p.y);
  }
  static shop::point decode(std::string_view bytes, const serializer&) {
    auto comma = bytes.find(',');
    if (comma == std::string_view::npos) throw std::invalid_argument("not an x,y pair");
    return {std::stoi(std::string(bytes.substr(0, comma))), std::stoi(std::string(bytes.substr(comma + 1)))};
  }
};

int main(int argc, char** argv) {
  try {
    rediscache::cache_options options;
    options.key_prefix = "catalog";
    options.serializer = rediscache::serializer_kind::msgpack;
    options.compression.kind = rediscache::compressor_kind::zstd;
    auto cache = rediscache::cache::from_url(argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0", options);

    cache.set("tea", shop::product{"green tea", 450, {"drink", "hot"}});
    auto tea = cache.get<shop::product>("tea");
    std::cout << "product: " << tea->name << ", " << tea->cents << " cents, " << tea->tags.size()
              << " tags\n";

    cache.set("origin", shop::point{3, 4});
    std::cout << "stored point bytes: " << cache.storage().get(cache.make_key("origin")).value()
              << "\n";
    std::cout << "point: " << cache.get<shop::point>("origin")->x << "\n";

    std::string page(5000, 'a');
    cache.set("page", page);
    std::cout << "5000-byte page stored in " << cache.storage().get(cache.make_key("page"))->size()
              << " bytes\n";

    try {
      cache.get<int>("tea");
    } catch (const rediscache::codec_error& e) {
      std::cout << "wrong type: " << e.what() << "\n";
    }
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "cache_custom_types failed: " << e.what() << "\n";
    return 1;
  }
}
