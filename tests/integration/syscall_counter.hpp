#pragma once

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace rediscache::test {

// Counts the system calls the calling thread makes between start() and stop(), through the
// kernel's raw_syscalls:sys_enter tracepoint (perf_event_open). Where the kernel does not allow
// that (no tracefs, perf_event_paranoid, seccomp), available() is false and why() says why.
class syscall_counter {
 public:
  syscall_counter() {
    std::uint64_t id = 0;
    for (const char* root : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
      std::ifstream in(std::string(root) + "/events/raw_syscalls/sys_enter/id");
      if (in >> id) break;
    }
    if (id == 0) {
      why_ = "no raw_syscalls:sys_enter tracepoint (tracefs not mounted or not readable)";
      return;
    }
    perf_event_attr attr{};
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_TRACEPOINT;
    attr.config = id;
    attr.disabled = 1;
    fd_ = static_cast<int>(::syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    if (fd_ < 0) why_ = "perf_event_open refused the tracepoint";
  }
  ~syscall_counter() {
    if (fd_ >= 0) ::close(fd_);
  }
  syscall_counter(const syscall_counter&) = delete;
  syscall_counter& operator=(const syscall_counter&) = delete;

  bool available() const { return fd_ >= 0; }
  const std::string& why() const { return why_; }

  void start() {
    ::ioctl(fd_, PERF_EVENT_IOC_RESET, 0);
    ::ioctl(fd_, PERF_EVENT_IOC_ENABLE, 0);
  }
  // The calls since start(), without the ioctl that stops the count.
  std::uint64_t stop() {
    ::ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
    std::uint64_t count = 0;
    if (::read(fd_, &count, sizeof count) != sizeof count) return 0;
    return count > 0 ? count - 1 : 0;
  }

 private:
  int fd_ = -1;
  std::string why_;
};

}  // namespace rediscache::test
