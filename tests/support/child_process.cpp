#include "support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace chronotrail::testing {
namespace {

struct Pipe {
  int read_end = -1;
  int write_end = -1;
};

// Close-on-exec so that children started concurrently by other tests never inherit our pipe ends
// (an inherited write end would keep our reader from ever seeing end-of-file).
Pipe MakePipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  return {fds[0], fds[1]};
}

std::vector<char*> NullTerminated(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// Runs in the forked child: only async-signal-safe calls until execve.
[[noreturn]] void ExecChild(pid_t parent, char* const* argv, char* const* envp, const Pipe& out,
                            const Pipe& err) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // The test binary died before prctl took effect.
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(out.write_end, STDOUT_FILENO) < 0 ||
      dup2(err.write_end, STDERR_FILENO) < 0) {
    _exit(127);
  }
  execve(argv[0], argv, envp);
  static constexpr char kMessage[] = "ChildProcess: execve failed\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
  _exit(127);
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::vector<std::string>& environment) {
  if (argv.empty()) throw std::invalid_argument("ChildProcess needs an executable");
  std::vector<char*> c_argv = NullTerminated(argv);
  std::vector<char*> c_envp = NullTerminated(environment);
  Pipe out = MakePipe();
  Pipe err = MakePipe();
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) {
    int error = errno;
    for (int fd : {out.read_end, out.write_end, err.read_end, err.write_end}) close(fd);
    throw std::system_error(error, std::generic_category(), "fork");
  }
  if (pid_ == 0) ExecChild(parent, c_argv.data(), c_envp.data(), out, err);
  close(out.write_end);
  close(err.write_end);
  drainer_ = std::thread([this, out, err] { drain(out.read_end, err.read_end); });
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  drainer_.join();
}

void ChildProcess::drain(int stdout_fd, int stderr_fd) {
  pollfd fds[2] = {{stdout_fd, POLLIN, 0}, {stderr_fd, POLLIN, 0}};
  int open_count = 2;
  char chunk[4096];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (pollfd& p : fds) {
      if (p.fd < 0 || p.revents == 0) continue;
      ssize_t n = read(p.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(p.fd);
        p.fd = -1;  // poll ignores negative descriptors.
        --open_count;
        continue;
      }
      std::lock_guard lock(mutex_);
      (p.fd == stdout_fd ? stdout_ : stderr_).append(chunk, static_cast<size_t>(n));
      output_changed_.notify_all();
    }
  }
  for (pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  std::lock_guard lock(mutex_);
  output_closed_ = true;
  output_changed_.notify_all();
}

std::string ChildProcess::stdout_text() const {
  std::lock_guard lock(mutex_);
  return stdout_;
}

std::string ChildProcess::stderr_text() const {
  std::lock_guard lock(mutex_);
  return stderr_;
}

bool ChildProcess::wait_for_stdout(const std::function<bool(std::string_view)>& ready,
                                   std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  bool held = false;
  output_changed_.wait_for(lock, timeout, [&] {
    held = ready(stdout_);
    return held || output_closed_;
  });
  return held;
}

void ChildProcess::send_signal(int signal_number) {
  if (!exit_code_) kill(pid_, signal_number);
}

bool ChildProcess::try_reap() {
  if (exit_code_) return true;
  int status = 0;
  pid_t reaped = waitpid(pid_, &status, WNOHANG);
  if (reaped != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

std::optional<int> ChildProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!try_reap()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // The pipes reach end-of-file right after the exit; wait briefly so callers see all output.
  std::unique_lock lock(mutex_);
  output_changed_.wait_for(lock, std::chrono::seconds(2), [this] { return output_closed_; });
  return exit_code_;
}

bool ChildProcess::running() {
  return !try_reap();
}

}  // namespace chronotrail::testing
