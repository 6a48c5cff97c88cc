#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {

// Environment variables to set for the binary, by name.
using Environment = std::map<std::string, std::string>;

// The environment every chronotrail command gets: only what the test binary's own environment
// must pass on (PATH, sanitizer options), CHRONOTRAIL_DATA_DIR, then `extra` (which wins). Nothing
// else is inherited, so a stray CHRONOTRAIL_* variable of the developer cannot change a test.
std::vector<std::string> CommandEnvironment(const std::filesystem::path& data_dir,
                                            const Environment& extra);

struct CommandResult {
  int exit_code = -1;  // 128 + signal when a signal ended it.
  bool timed_out = false;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs `chronotrail args...` to completion (killing it after `timeout`).
CommandResult RunCommand(const std::vector<std::string>& args,
                         const std::filesystem::path& data_dir, const Environment& extra = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(20));

// `chronotrail token create --email EMAIL [--tier TIER]` on `data_dir`: the bearer token it prints.
// Throws with the command's stderr when it fails.
std::string CreateToken(const std::filesystem::path& data_dir, std::string_view email,
                        std::string_view tier = {});

// `chronotrail serve` on 127.0.0.1, an ephemeral port and a data directory of its own (created
// here, removed on destruction), started and waited for until it logs that it listens.
class ServerProcess {
 public:
  static constexpr std::chrono::milliseconds kStartTimeout = std::chrono::seconds(20);

  // `extra` is added to (and overrides) HOST=127.0.0.1, PORT=0, CHRONOTRAIL_DATA_DIR. Throws with
  // the server's output if it exits or stays silent instead of listening.
  explicit ServerProcess(Environment extra = {});
  ~ServerProcess();  // SIGKILL: shutting down gracefully is a test of its own.

  std::uint16_t port() const { return port_; }
  // The running server's process id (for reading /proc/PID, e.g. its memory).
  pid_t pid() const { return process_->pid(); }
  const std::filesystem::path& data_dir() const { return data_dir_.path(); }
  std::string stdout_text() const { return process_->stdout_text(); }
  std::string stderr_text() const { return process_->stderr_text(); }

  // Waits until stdout holds `text` (log lines can trail the response they describe).
  bool wait_for_stdout(std::string_view text, std::chrono::milliseconds timeout) const;

  bool running() { return process_->running(); }
  void send_signal(int signal_number) { process_->send_signal(signal_number); }
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout) {
    return process_->wait_for_exit(timeout);
  }

  // Starts the server again with the same environment and data directory; the previous process
  // must have exited. The port changes.
  void restart();
  // The same, with `changes` added to (and overriding) the environment from now on.
  void restart(const Environment& changes);

  std::string create_token(std::string_view email, std::string_view tier = {}) const {
    return CreateToken(data_dir(), email, tier);
  }

 private:
  void start();

  TempDir data_dir_;
  Environment extra_;
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace chronotrail::testing
