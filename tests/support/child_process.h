#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chronotrail::testing {

// A child process started with an exact argv and environment (no shell), whose stdout and stderr
// are drained by a background thread into buffers so that a chatty child never blocks on a full
// pipe. The child is killed with SIGKILL if it is still running when this object is destroyed, and
// also if the thread that started it dies (so a crashed test run leaves no server behind); start
// children from the test's main thread.
class ChildProcess {
 public:
  // `argv[0]` is the path of the executable; `environment` holds "NAME=value" entries.
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Everything the child wrote so far.
  std::string stdout_text() const;
  std::string stderr_text() const;

  // Waits until `ready(stdout so far)` holds, the child closed its stdout, or `timeout` passed.
  // Returns whether `ready` held.
  bool wait_for_stdout(const std::function<bool(std::string_view)>& ready,
                       std::chrono::milliseconds timeout) const;

  // Does nothing once the child has been reaped, so a recycled pid is never signalled.
  void send_signal(int signal_number);

  // The exit code, or 128 + the signal number when a signal ended the child (as a shell reports
  // it); nullopt if it is still running after `timeout`. Once it returns a value, the output
  // buffers hold everything the child wrote.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  bool running();

 private:
  void drain(int stdout_fd, int stderr_fd);
  bool try_reap();

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  mutable std::mutex mutex_;
  mutable std::condition_variable output_changed_;
  std::string stdout_;
  std::string stderr_;
  bool output_closed_ = false;
  std::thread drainer_;
};

}  // namespace chronotrail::testing
