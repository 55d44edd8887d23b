#pragma once

#include "transport/transport.hpp"

namespace rediscache::detail {

// Connects a non-blocking socket to options.host:port (every resolved address in turn) or to
// options.unix_socket, within the deadline. Returns the file descriptor.
int connect_socket(const connection_options& options, clock::time_point deadline);

// A transport over a plain connected socket, whose exchanges end within socket_timeout.
std::unique_ptr<transport> make_plain_transport(int fd, std::string endpoint,
                                                std::chrono::milliseconds socket_timeout);

}  // namespace rediscache::detail
