// Pickle loading. Any bytes either load as a value or throw codec_error with a clean message,
// within the memory limits given; a loaded value dumps (protocol 4 and 5) to a pickle that loads
// back as the same value, unless dumping refuses it with codec_error (an unhashable dict key);
// and its json mapping, when there is one, dumps and loads back as the same json.
#include "fuzz_support.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace {

using rediscache::codec_error;
using rediscache::fuzz::require;
namespace pickle = rediscache::pickle;

pickle::load_limits small_limits() {
  pickle::load_limits limits;
  limits.max_values = 100'000;  // a fuzz input cannot ask for more
  limits.max_bytes = 16u << 20;
  return limits;
}

void check(std::string_view data) {
  pickle::value v;
  try {
    v = pickle::load(data, small_limits());
  } catch (const codec_error& e) {
    rediscache::fuzz::require_clean_message(e);
    return;
  }
  for (const int protocol : {4, 5}) {
    std::string again;
    try {
      again = pickle::dump(v, protocol);
    } catch (const codec_error& e) {
      rediscache::fuzz::require_clean_message(e);
      continue;
    }
    require(pickle::load(again) == v, "a loaded pickle dumps and loads back the same", data);
  }
  nlohmann::json j;
  try {
    j = pickle::to_json(v);
  } catch (const codec_error& e) {
    rediscache::fuzz::require_clean_message(e);
    return;
  }
  // Compared as pickles: NaN, which a json value can hold, is not equal to itself.
  const std::string once = pickle::dump_json(j);
  require(pickle::dump_json(pickle::load_json(once)) == once, "the json mapping round-trips", data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
