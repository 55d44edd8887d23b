// The CACHES JSON loader on arbitrary text: only config_error may come out, and a registry that
// loads has exactly the aliases of the file, each settled the way settings_from_json reads it.
// Pools connect lazily, and replicated and sentinel executors start asking their servers with
// their first call, so nothing here touches the network.
#include "fuzz_support.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace {

using rediscache::fuzz::require;

// Each entry through settings_from_json alone; nullopt when the text is not a JSON object.
std::optional<std::vector<std::string>> valid_aliases(std::string_view text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  std::vector<std::string> aliases;
  for (const auto& [alias, entry] : parsed.items()) {
    try {
      rediscache::cache_settings s = rediscache::settings_from_json(alias, entry);
      require(!s.location.empty(), "settings_from_json gives a location", alias);
      aliases.push_back(alias);
    } catch (const rediscache::config_error& e) {
      rediscache::fuzz::require_clean_message(e);
      return std::vector<std::string>{"(invalid)"};
    }
  }
  return aliases;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto expected = valid_aliases(text);
  try {
    rediscache::cache_registry registry = rediscache::cache_registry::from_json_text(text);
    require(expected.has_value() && registry.aliases() == *expected,
            "a loaded registry has exactly the file's aliases", text);
    for (const std::string& alias : registry.aliases()) {
      const rediscache::cache c = registry.get(alias);
      require(c.options().name == alias, "each cache is named after its alias", alias);
      (void)c.make_key("key");
    }
  } catch (const rediscache::config_error& e) {
    rediscache::fuzz::require_clean_message(e);
    // A settings file that loads through settings_from_json entry by entry may still be refused
    // here (a bad URL is only parsed when the pool is made), but never the other way round.
  }
  return 0;
}
