#include <rediscache/commands/streams_types.hpp>

#include <string>

namespace rediscache {

// [count, lowest id | nil, highest id | nil, [[consumer, count], ...] | nil].
pending_summary from_reply<pending_summary>::convert(reply&& r, const value_codec& codec) {
  auto& e = detail::elements_of(r, 4, "an XPENDING summary");
  pending_summary out;
  out.count = detail::integer_of(e[0]);
  out.lowest_id = reply_as<std::optional<std::string>>(std::move(e[1]), codec);
  out.highest_id = reply_as<std::optional<std::string>>(std::move(e[2]), codec);
  if (!e[3].is_nil()) {
    out.consumers =
        reply_as<std::vector<std::pair<std::string, long long>>>(std::move(e[3]), codec);
  }
  return out;
}

// [id, consumer, idle milliseconds, deliveries].
pending_entry from_reply<pending_entry>::convert(reply&& r, const value_codec&) {
  auto& e = detail::elements_of(r, 4, "an XPENDING entry");
  pending_entry out;
  out.id = detail::text_of(std::move(e[0]));
  out.consumer = detail::text_of(std::move(e[1]));
  out.idle = std::chrono::milliseconds(detail::integer_of(e[2]));
  out.deliveries = detail::integer_of(e[3]);
  return out;
}

// A flat [name, value, ...] array. Fields this version does not know are skipped, so a newer
// server's additions do not break it.
stream_info from_reply<stream_info>::convert(reply&& r, const value_codec& codec) {
  auto& e = r.elements();
  if (e.size() % 2 != 0) throw protocol_error("an XINFO STREAM reply has an odd length");
  stream_info out;
  for (std::size_t i = 0; i < e.size(); i += 2) {
    const std::string name = detail::text_of(std::move(e[i]));
    reply& value = e[i + 1];
    if (name == "length") {
      out.length = detail::integer_of(value);
    } else if (name == "radix-tree-keys") {
      out.radix_tree_keys = detail::integer_of(value);
    } else if (name == "radix-tree-nodes") {
      out.radix_tree_nodes = detail::integer_of(value);
    } else if (name == "groups") {
      out.groups = detail::integer_of(value);
    } else if (name == "last-generated-id") {
      out.last_generated_id = detail::text_of(std::move(value));
    } else if (name == "max-deleted-entry-id") {
      out.max_deleted_entry_id = detail::text_of(std::move(value));
    } else if (name == "entries-added") {
      out.entries_added = detail::integer_of(value);
    } else if (name == "recorded-first-entry-id") {
      out.recorded_first_entry_id = detail::text_of(std::move(value));
    } else if (name == "first-entry") {
      out.first_entry = reply_as<std::optional<stream_entry<>>>(std::move(value), codec);
    } else if (name == "last-entry") {
      out.last_entry = reply_as<std::optional<stream_entry<>>>(std::move(value), codec);
    }
  }
  return out;
}

}  // namespace rediscache
