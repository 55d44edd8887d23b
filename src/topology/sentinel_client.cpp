#include "topology/sentinel_client.hpp"

#include <rediscache/error.hpp>

#include "log/log_impl.hpp"
#include "quote.hpp"

#include <algorithm>
#include <charconv>

namespace rediscache::detail {
namespace {

constexpr std::uint16_t default_sentinel_port = 26379;

std::string name_of(const host_port& where) {
  const bool v6 = where.host.find(':') != std::string::npos;
  return (v6 ? "[" + where.host + "]" : where.host) + ":" + std::to_string(where.port);
}

// "host" and "port" as a sentinel reports them ("127.0.0.1", "6380").
host_port reported_address(const std::string& host, const std::string& port) {
  host_port out;
  out.host = host;
  unsigned value = 0;
  const auto parsed = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || parsed.ec != std::errc() || parsed.ptr != port.data() + port.size() ||
      value == 0 || value > 65535) {
    throw protocol_error("a sentinel reported the port " + quote_for_message(port));
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

const std::string* field(const reply& entry, std::string_view name) {
  const auto& items = entry.elements();
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_string() && items[i].str() == name && items[i + 1].is_string()) {
      return &items[i + 1].str();
    }
  }
  return nullptr;
}

}  // namespace

sentinel_client::sentinel_client(sentinel_options options) : options_(std::move(options)) {
  for (const auto& text : options_.sentinels) {
    order_.push_back(parse_host_port(text, default_sentinel_port, "sentinel address"));
  }
  // A sentinel has no databases, and only its own credentials.
  options_.sentinel_connection.db = 0;
}

connection_options sentinel_client::current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return at_address(options_.sentinel_connection, order_.front());
}

connection& sentinel_client::connect(std::size_t index) {
  if (index == 0 && open_ && !open_->broken()) return *open_;
  open_.reset();
  auto fresh = connection::open(at_address(options_.sentinel_connection, order_[index]));
  open_.emplace(std::move(fresh));
  return *open_;
}

reply sentinel_client::ask(const command& cmd) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string failures;
  bool answered = false;
  for (std::size_t i = 0; i < order_.size(); ++i) {
    try {
      connection& c = connect(i);
      reply r = c.pipeline({cmd}).front();
      // The connection is to order_[i]; promote that sentinel so it is asked first next time.
      if (i != 0) std::rotate(order_.begin(), order_.begin() + static_cast<long>(i),
                              order_.begin() + static_cast<long>(i) + 1);
      answered = true;
      if (!r.is_nil() && !r.is_error()) return r;
      log_debug("sentinel {} knows no primary named {}", name_of(order_.front()),
                quote_for_message(options_.service));
    } catch (const error& e) {
      open_.reset();
      failures += (failures.empty() ? "" : "; ") + name_of(order_[i]) + ": " + e.what();
    }
  }
  if (answered) {
    throw unknown_primary_error("the sentinels know no primary named " +
                                    quote_for_message(options_.service),
                                options_.service);
  }
  throw sentinel_unreachable_error("no sentinel answered about " +
                                       quote_for_message(options_.service) + " (" + failures + ")",
                                   options_.service);
}

host_port sentinel_client::primary() {
  reply r = ask(command{"SENTINEL", "get-master-addr-by-name", options_.service});
  const auto& parts = r.elements();
  if (parts.size() != 2 || !parts[0].is_string() || !parts[1].is_string()) {
    throw protocol_error("SENTINEL get-master-addr-by-name did not answer [host, port]");
  }
  return reported_address(parts[0].str(), parts[1].str());
}

std::vector<host_port> sentinel_client::replicas() {
  reply r = ask(command{"SENTINEL", "replicas", options_.service});
  std::vector<host_port> out;
  for (const auto& entry : r.elements()) {
    if (!entry.is_array()) continue;
    const std::string* ip = field(entry, "ip");
    const std::string* port = field(entry, "port");
    const std::string* flags = field(entry, "flags");
    if (ip == nullptr || port == nullptr) continue;
    if (flags != nullptr && (flags->find("s_down") != std::string::npos ||
                             flags->find("o_down") != std::string::npos ||
                             flags->find("disconnected") != std::string::npos)) {
      continue;
    }
    out.push_back(reported_address(*ip, *port));
  }
  return out;
}

}  // namespace rediscache::detail
