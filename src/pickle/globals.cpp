#include "pickle/globals.hpp"

#include "quote.hpp"

#include <rediscache/error.hpp>

#include <string>

namespace rediscache::pickle::detail {
namespace {

struct entry {
  std::string_view module;
  std::string_view name;
  global g;
};

// Protocol 2 writes builtins as __builtin__ (Python 2's name), later protocols as builtins.
constexpr entry allowed[] = {
    {"builtins", "set", global::set},
    {"builtins", "frozenset", global::frozenset},
    {"builtins", "bytes", global::bytes},
    {"builtins", "bytearray", global::bytearray},
    {"__builtin__", "set", global::set},
    {"__builtin__", "frozenset", global::frozenset},
    {"__builtin__", "bytes", global::bytes},
    {"__builtin__", "bytearray", global::bytearray},
    {"_codecs", "encode", global::codecs_encode},
    {"datetime", "datetime", global::datetime},
    {"datetime", "date", global::date},
    {"datetime", "time", global::time},
    {"datetime", "timedelta", global::timedelta},
    {"datetime", "timezone", global::timezone},
    {"decimal", "Decimal", global::decimal},
    {"uuid", "UUID", global::uuid},
    {"pytz", "_UTC", global::pytz_utc},
};

}  // namespace

global resolve_global(std::string_view module, std::string_view name) {
  for (const auto& e : allowed) {
    if (e.module == module && e.name == name) return e.g;
  }
  const std::string full = std::string(module) + "." + std::string(name);
  throw codec_error("pickle value cannot be read: it names the class " +
                    rediscache::detail::quote_for_message(full, 120) +
                    ", which is not one of the standard types read (pickles of other classes are "
                    "never loaded)");
}

std::string_view name_of(global g) noexcept {
  switch (g) {
    case global::set:
      return "builtins.set";
    case global::frozenset:
      return "builtins.frozenset";
    case global::bytes:
      return "builtins.bytes";
    case global::bytearray:
      return "builtins.bytearray";
    case global::codecs_encode:
      return "_codecs.encode";
    case global::datetime:
      return "datetime.datetime";
    case global::date:
      return "datetime.date";
    case global::time:
      return "datetime.time";
    case global::timedelta:
      return "datetime.timedelta";
    case global::timezone:
      return "datetime.timezone";
    case global::decimal:
      return "decimal.Decimal";
    case global::uuid:
      return "uuid.UUID";
    case global::pytz_utc:
      return "pytz._UTC";
    case global::none:
      break;
  }
  return "?";
}

}  // namespace rediscache::pickle::detail
