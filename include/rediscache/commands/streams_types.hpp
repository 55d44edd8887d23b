#pragma once

#include <rediscache/error.hpp>
#include <rediscache/reply_as.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// The replies of stream commands. Field values are bytes unless T asks for stored values through
/// the codec; ids are Redis' "<ms>-<seq>" text.
namespace rediscache {

/// One stream entry: its id and its fields in the order they were added. An entry deleted while
/// it was pending (XREADGROUP of a consumer's history) comes back with no fields.
template <class T = std::string>
struct stream_entry {
  std::string id;  ///< the entry's id, "<ms>-<seq>"
  /// Field and value pairs; empty for an entry deleted while pending.
  std::vector<std::pair<std::string, T>> fields{};

  /// The first field of that name, or nullptr.
  const T* field(std::string_view name) const {
    for (const auto& f : fields) {
      if (f.first == name) return &f.second;
    }
    return nullptr;
  }
};

/// What XREAD / XREADGROUP read from one stream.
template <class T = std::string>
struct stream_messages {
  std::string stream;  ///< the stream's key
  std::vector<stream_entry<T>> entries;  ///< the entries read, oldest first
};

/// XPENDING's summary of a group's pending entries.
struct pending_summary {
  long long count = 0;  ///< how many entries are pending
  std::optional<std::string> lowest_id;  ///< nullopt when nothing is pending
  std::optional<std::string> highest_id;  ///< nullopt when nothing is pending
  std::vector<std::pair<std::string, long long>> consumers;  ///< consumer, its pending count
};

/// One pending entry in XPENDING's extended form.
struct pending_entry {
  std::string id;  ///< the entry's id
  std::string consumer;  ///< the consumer it was delivered to
  std::chrono::milliseconds idle{0};  ///< since it was last delivered
  long long deliveries = 0;  ///< how many times it was delivered
};

/// XAUTOCLAIM: the id to continue from ("0-0" when the scan is complete), the entries claimed,
/// and the ids that were pending but deleted from the stream (removed from the pending list).
template <class T = std::string>
struct autoclaim_result {
  std::string next_id;  ///< where the next XAUTOCLAIM continues; "0-0" when the scan is complete
  std::vector<stream_entry<T>> entries;  ///< the entries claimed
  std::vector<std::string> deleted_ids;  ///< pending ids whose entries were deleted from the stream
};

/// XINFO STREAM.
struct stream_info {
  long long length = 0;  ///< number of entries
  long long radix_tree_keys = 0;  ///< radix tree keys (internal)
  long long radix_tree_nodes = 0;  ///< radix tree nodes (internal)
  long long groups = 0;  ///< consumer groups
  std::string last_generated_id;  ///< the last id added
  std::string max_deleted_entry_id;  ///< the largest id deleted
  long long entries_added = 0;  ///< entries added over the stream's life
  std::string recorded_first_entry_id;  ///< the first entry's id as recorded
  std::optional<stream_entry<>> first_entry;  ///< nullopt for an empty stream
  std::optional<stream_entry<>> last_entry;  ///< nullopt for an empty stream
};

template <class T>
struct is_reply_structure<stream_entry<T>> : std::true_type {};
template <class T>
struct is_reply_structure<stream_messages<T>> : std::true_type {};
template <class T>
struct is_reply_structure<autoclaim_result<T>> : std::true_type {};

namespace detail {
inline std::vector<reply>& elements_of(reply& r, std::size_t size, const char* what) {
  auto& e = r.elements();
  if (e.size() != size) {
    throw protocol_error(std::string("expected ") + what + " of " + std::to_string(size) +
                         " elements, got " + std::to_string(e.size()));
  }
  return e;
}
}  // namespace detail

/// [id, [field, value, ...]], or [id, nil] for a deleted entry.
template <class T>
struct from_reply<stream_entry<T>> {
  /// Reads r as a stream entry.
  static stream_entry<T> convert(reply&& r, const value_codec& codec) {
    auto& e = detail::elements_of(r, 2, "a stream entry");
    stream_entry<T> out{detail::text_of(std::move(e[0])), {}};
    if (!e[1].is_nil()) {
      out.fields = reply_as<std::vector<std::pair<std::string, T>>>(std::move(e[1]), codec);
    }
    return out;
  }
};

/// [stream, [entry, ...]].
template <class T>
struct from_reply<stream_messages<T>> {
  /// Reads r as one stream's entries.
  static stream_messages<T> convert(reply&& r, const value_codec& codec) {
    auto& e = detail::elements_of(r, 2, "a stream's entries");
    return stream_messages<T>{detail::text_of(std::move(e[0])),
                              reply_as<std::vector<stream_entry<T>>>(std::move(e[1]), codec)};
  }
};

/// XREAD's array of streams; nil (nothing arrived before the timeout) is no streams.
template <class T, class A>
struct from_reply<std::vector<stream_messages<T>, A>> {
  /// Reads r as XREAD's streams.
  static std::vector<stream_messages<T>, A> convert(reply&& r, const value_codec& codec) {
    std::vector<stream_messages<T>, A> out;
    if (r.is_nil()) return out;
    auto& e = r.elements();
    out.reserve(e.size());
    for (auto& s : e) out.push_back(reply_as<stream_messages<T>>(std::move(s), codec));
    return out;
  }
};

/// [next id, [entry, ...], [deleted id, ...]] (Redis 7; 6.2 has no third element).
template <class T>
struct from_reply<autoclaim_result<T>> {
  /// Reads r as XAUTOCLAIM's reply.
  static autoclaim_result<T> convert(reply&& r, const value_codec& codec) {
    auto& e = r.elements();
    if (e.size() != 2 && e.size() != 3) throw protocol_error("an XAUTOCLAIM reply is malformed");
    autoclaim_result<T> out;
    out.next_id = detail::text_of(std::move(e[0]));
    out.entries = reply_as<std::vector<stream_entry<T>>>(std::move(e[1]), codec);
    if (e.size() == 3) out.deleted_ids = reply_as<std::vector<std::string>>(std::move(e[2]), codec);
    return out;
  }
};

/// Reads XPENDING's summary form.
template <>
struct REDISCACHE_API from_reply<pending_summary> {
  /// Reads r as XPENDING's summary.
  static pending_summary convert(reply&& r, const value_codec& codec);
};

/// Reads one entry of XPENDING's extended form.
template <>
struct REDISCACHE_API from_reply<pending_entry> {
  /// Reads r as one extended XPENDING entry.
  static pending_entry convert(reply&& r, const value_codec& codec);
};

/// Reads XINFO STREAM's reply.
template <>
struct REDISCACHE_API from_reply<stream_info> {
  /// Reads r as XINFO STREAM's fields.
  static stream_info convert(reply&& r, const value_codec& codec);
};

}  // namespace rediscache
