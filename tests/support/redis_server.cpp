#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace rediscache::test {

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto ready_timeout = 10s;
constexpr auto stop_timeout = 3s;
constexpr auto cli_timeout = 10s;
constexpr auto poll_interval = 10ms;
constexpr int start_attempts = 3;

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

class unique_fd {
 public:
  explicit unique_fd(int fd = -1) : fd_(fd) {}
  ~unique_fd() { reset(); }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

struct endpoint {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
  const sockaddr* address() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

endpoint numeric_endpoint(const std::string& host, std::uint16_t port) {
  endpoint result;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&result.storage);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    result.length = sizeof(sockaddr_in);
    return result;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&result.storage);
  if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    result.length = sizeof(sockaddr_in6);
    return result;
  }
  throw std::invalid_argument("redis_server: bind must be a numeric address, got '" + host + "'");
}

// Racy by nature (someone may take the port before redis binds it); start() retries for that.
std::uint16_t free_port(const std::string& host) {
  endpoint where = numeric_endpoint(host, 0);
  unique_fd fd(::socket(where.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) throw_errno("redis_server: socket");
  if (::bind(fd.get(), where.address(), where.length) != 0) {
    throw_errno("redis_server: bind " + host);
  }
  socklen_t length = sizeof(where.storage);
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&where.storage), &length) != 0) {
    throw_errno("redis_server: getsockname");
  }
  const auto port = where.family() == AF_INET
                        ? reinterpret_cast<const sockaddr_in*>(&where.storage)->sin_port
                        : reinterpret_cast<const sockaddr_in6*>(&where.storage)->sin6_port;
  return ntohs(port);
}

bool can_connect(const sockaddr* address, socklen_t length) {
  unique_fd fd(::socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  return fd.get() >= 0 && ::connect(fd.get(), address, length) == 0;
}

bool can_connect_tcp(const std::string& host, std::uint16_t port) {
  const endpoint where = numeric_endpoint(host, port);
  return can_connect(where.address(), where.length);
}

bool can_connect_unix(const std::string& path) {
  sockaddr_un where{};
  where.sun_family = AF_UNIX;
  std::strncpy(where.sun_path, path.c_str(), sizeof(where.sun_path) - 1);
  return can_connect(reinterpret_cast<const sockaddr*>(&where), sizeof(where));
}

// Resolved before fork, so that the child only calls async-signal-safe functions.
std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  throw std::runtime_error("redis_server: " + name + " not found in PATH");
}

// Without this the child would inherit the test's sockets and keep connections open after the
// test closes its end, hiding disconnects.
void close_inherited_fds() {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
  const long limit = ::sysconf(_SC_OPEN_MAX);
  for (int fd = 3; fd < (limit > 0 && limit < 65536 ? limit : 65536); ++fd) ::close(fd);
}

// fork + exec with stdin from /dev/null. The child dies with the thread that forked it.
pid_t spawn(const std::vector<std::string>& args, int out_fd, int err_fd) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  unique_fd null_fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (null_fd.get() < 0) throw_errno("redis_server: open /dev/null");
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) throw_errno("redis_server: fork");
  if (pid == 0) {
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    if (::dup2(null_fd.get(), 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) {
      ::_exit(127);
    }
    close_inherited_fds();
    ::execv(argv[0], argv.data());
    static const char message[] = "redis_server: exec failed\n";
    [[maybe_unused]] const auto ignored = ::write(2, message, sizeof(message) - 1);
    ::_exit(127);
  }
  return pid;
}

// Returns true once `pid` has exited (reaped), false if it is still running at the deadline.
bool reap_within(pid_t pid, clock_type::duration timeout, int* status = nullptr) {
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    int local_status = 0;
    const pid_t result = ::waitpid(pid, &local_status, WNOHANG);
    if (result == pid || (result < 0 && errno == ECHILD)) {
      if (status != nullptr) *status = local_status;
      return true;
    }
    if (result < 0 && errno != EINTR) throw_errno("redis_server: waitpid");
    if (clock_type::now() >= deadline) return false;
    std::this_thread::sleep_for(poll_interval);
  }
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

std::string read_from(const std::string& path, std::uintmax_t offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// redis.conf arguments go through sdssplitargs, which understands C-style double quotes.
std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Reads both pipes to the end, so that a chatty child never blocks on a full pipe.
bool drain(int out_fd, int err_fd, std::string& out, std::string& err,
           clock_type::time_point deadline) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open_count = 2;
  while (open_count > 0) {
    using std::chrono::milliseconds;
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock_type::now());
    if (left.count() <= 0) return false;
    const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) throw_errno("redis_server: poll");
    for (int i = 0; i < 2 && ready > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

}  // namespace

redis_server::redis_server(server_config cfg) : config_(std::move(cfg)) {
  if (!config_.tcp && !config_.unix_socket) {
    throw std::invalid_argument("redis_server: enable tcp or unix_socket");
  }
  if (config_.tls && !config_.tcp) throw std::invalid_argument("redis_server: tls needs tcp");
  if (config_.tcp) numeric_endpoint(config_.bind, 0);  // validates bind before anything starts
  if (config_.tls) tls();                              // generates the certificates on first use

  dir_ = detail::make_temp_dir("rediscache-redis-");
  if (config_.unix_socket && unix_path().size() >= sizeof(sockaddr_un{}.sun_path)) {
    fs::remove_all(dir_);  // $TMPDIR is too deep for a socket path
    dir_ = detail::make_temp_dir("rediscache-redis-", "/tmp");
  }
  try {
    start(true);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    throw;
  }
}

redis_server::~redis_server() {
  try {
    stop();
  } catch (...) {
    if (pid_ > 0) kill_and_reap(pid_);
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string redis_server::unix_path() const {
  return config_.unix_socket ? dir_ + "/redis.sock" : std::string();
}

const tls_material& redis_server::tls() const { return shared_tls_material(); }

void redis_server::write_config() const {
  std::ofstream conf(config_path());
  conf << "daemonize no\n"
       << "dir " << quoted(dir_) << "\n"
       << "logfile " << quoted(log_path()) << "\n"
       << "bind " << config_.bind << "\n"
       << "port " << (config_.tcp && !config_.tls ? port_ : 0) << "\n"
       << "enable-debug-command local\n";
  if (config_.tls) {
    const tls_material& certs = tls();
    conf << "tls-port " << port_ << "\n"
         << "tls-cert-file " << quoted(certs.server_cert) << "\n"
         << "tls-key-file " << quoted(certs.server_key) << "\n"
         << "tls-ca-cert-file " << quoted(certs.ca_cert) << "\n"
         // redis defaults tls-auth-clients to yes, so "no" must be spelled out.
         << "tls-auth-clients " << (config_.tls_auth_clients ? "yes" : "no") << "\n";
  }
  if (config_.unix_socket) conf << "unixsocket " << quoted(unix_path()) << "\nunixsocketperm 700\n";
  conf << (config_.persistence ? "appendonly yes\n" : "save \"\"\nappendonly no\n");
  if (!config_.requirepass.empty()) conf << "requirepass " << quoted(config_.requirepass) << "\n";
  for (const auto& rules : config_.acl_users) conf << "user " << rules << "\n";
  for (const auto& line : config_.extra_config) conf << line << "\n";
  if (!conf.flush()) throw std::runtime_error("redis_server: cannot write " + config_path());
}

// On first start a port taken by someone else gets a fresh port; on restart the port must stay,
// so we only wait and try again (e.g. a client socket briefly bound to it as its local port).
void redis_server::start(bool may_change_port) {
  std::string failure;
  for (int attempt = 0; attempt < start_attempts; ++attempt) {
    if (may_change_port) {
      if (config_.tcp) port_ = free_port(config_.bind);
      write_config();
    } else if (attempt > 0) {
      std::this_thread::sleep_for(200ms);
    }
    if (try_start(failure)) return;
  }
  throw std::runtime_error(failure);
}

// Returns false if the port was taken; throws for any other failure.
bool redis_server::try_start(std::string& failure) {
  std::error_code size_error;
  const auto size = fs::file_size(log_path(), size_error);
  log_offset_ = size_error ? 0 : size;
  unique_fd log_fd(::open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (log_fd.get() < 0) throw_errno("redis_server: open " + log_path());
  static const std::string server_program = find_program("redis-server");
  std::vector<std::string> args{server_program, config_path()};
  if (config_.sentinel) args.push_back("--sentinel");
  pid_ = spawn(args, log_fd.get(), log_fd.get());
  paused_ = false;

  const std::string where = config_.tcp ? config_.bind + ":" + std::to_string(port_) : unix_path();
  const std::string name = "redis-server (" + where + ")";
  const auto deadline = clock_type::now() + ready_timeout;
  for (;;) {
    int status = 0;
    if (reap_within(pid_, 0s, &status)) {
      pid_ = -1;
      failure = name + " " + describe_status(status) + " during startup; log tail:\n" + log_tail();
      if (failure.find("Address already in use") != std::string::npos) return false;
      throw std::runtime_error(failure);
    }
    if (ready()) return true;
    if (clock_type::now() >= deadline) {
      kill_and_reap(pid_);
      pid_ = -1;
      throw std::runtime_error(name + " not ready within 10 s; log tail:\n" + log_tail());
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

// Redis 7.0 logs "Ready to accept connections" once TCP/TLS listeners exist, and a separate
// "...ready to accept connections at <path>" line for the Unix socket.
bool redis_server::ready() const {
  const std::string log = read_from(log_path(), log_offset_);
  // A sentinel logs its ID once it listens, and no "Ready" line.
  const char* ready_line = config_.sentinel ? "Sentinel ID is" : "Ready to accept connections";
  if (config_.tcp && (log.find(ready_line) == std::string::npos ||
                      !can_connect_tcp(config_.bind, port_))) {
    return false;
  }
  if (config_.unix_socket && (log.find("ready to accept connections at") == std::string::npos ||
                              !can_connect_unix(unix_path()))) {
    return false;
  }
  return true;
}

std::string redis_server::log_tail() const {
  constexpr std::size_t max_lines = 40;
  const std::string log = read_from(log_path(), log_offset_);
  std::size_t tail_start = log.size();
  for (std::size_t lines = 0; lines < max_lines && tail_start > 0; ++lines) {
    const auto newline = tail_start < 2 ? std::string::npos : log.rfind('\n', tail_start - 2);
    tail_start = newline == std::string::npos ? 0 : newline + 1;
  }
  return log.substr(tail_start);
}

void redis_server::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (paused_) ::kill(pid_, SIGCONT);  // a stopped process only acts on SIGTERM once continued
  if (!reap_within(pid_, stop_timeout)) kill_and_reap(pid_);
  pid_ = -1;
  paused_ = false;
}

void redis_server::kill() {
  if (pid_ <= 0) return;
  kill_and_reap(pid_);
  pid_ = -1;
  paused_ = false;
}

void redis_server::restart() {
  stop();
  start(false);
}

// Waits until the kernel reports the process stopped, so that the test's next step really
// meets a frozen server.
void redis_server::pause() {
  if (pid_ <= 0) throw std::logic_error("redis_server::pause: server is not running");
  if (paused_) return;
  ::kill(pid_, SIGSTOP);
  int status = 0;
  pid_t result;
  while ((result = ::waitpid(pid_, &status, WUNTRACED)) < 0 && errno == EINTR) {
  }
  if (result == pid_ && !WIFSTOPPED(status)) {
    pid_ = -1;
    throw std::runtime_error("redis_server::pause: redis-server " + describe_status(status));
  }
  paused_ = true;
}

void redis_server::resume() {
  if (pid_ <= 0 || !paused_) return;
  ::kill(pid_, SIGCONT);
  paused_ = false;
}

std::string redis_server::command(const std::vector<std::string>& args) const {
  static const std::string cli_program = find_program("redis-cli");
  std::vector<std::string> argv{cli_program};
  if (config_.tcp) {
    argv.insert(argv.end(), {"-h", config_.bind, "-p", std::to_string(port_)});
    if (config_.tls) {
      const tls_material& certs = tls();
      argv.insert(argv.end(), {"--tls", "--cacert", certs.ca_cert, "--cert", certs.client_cert,
                               "--key", certs.client_key});
    }
  } else {
    argv.insert(argv.end(), {"-s", unix_path()});
  }
  if (!config_.requirepass.empty()) argv.insert(argv.end(), {"-a", config_.requirepass});
  argv.emplace_back("--no-auth-warning");
  argv.insert(argv.end(), args.begin(), args.end());

  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw_errno("redis_server: pipe");
  unique_fd out_read(out_pipe[0]);
  unique_fd out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw_errno("redis_server: pipe");
  unique_fd err_read(err_pipe[0]);
  unique_fd err_write(err_pipe[1]);
  const pid_t pid = spawn(argv, out_write.get(), err_write.get());
  out_write.reset();
  err_write.reset();

  std::string out;
  std::string err;
  if (!drain(out_read.get(), err_read.get(), out, err, clock_type::now() + cli_timeout)) {
    kill_and_reap(pid);
    throw std::runtime_error("redis-cli got no answer within 10 s (server paused?)");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("redis-cli " + describe_status(status) + ": " + trim(err + out));
  }
  return trim(out);
}

}  // namespace rediscache::test
