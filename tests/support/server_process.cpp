#include "support/server_process.h"

#include <signal.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace chronotrail::testing {
namespace {

constexpr const char* kInheritedVariables[] = {"PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS",
                                               "LSAN_OPTIONS", "TSAN_OPTIONS"};

// The port from the first `"event":"listening"` log line, once one has been written.
std::optional<std::uint16_t> ListeningPort(std::string_view log) {
  std::size_t line_start = 0;
  while (true) {
    std::size_t line_end = log.find('\n', line_start);
    if (line_end == std::string_view::npos) return std::nullopt;  // Lines may arrive in pieces.
    std::string_view line = log.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    if (line.find("listening") == std::string_view::npos) continue;
    boost::system::error_code ec;
    boost::json::value entry = boost::json::parse(line, ec);
    if (ec || !entry.is_object()) continue;
    const boost::json::object& fields = entry.get_object();
    const boost::json::value* event = fields.if_contains("event");
    const boost::json::value* port = fields.if_contains("port");
    if (event && event->is_string() && event->get_string() == "listening" && port &&
        port->is_int64() && port->get_int64() > 0 && port->get_int64() < 65536) {
      return static_cast<std::uint16_t>(port->get_int64());
    }
  }
}

}  // namespace

std::vector<std::string> CommandEnvironment(const std::filesystem::path& data_dir,
                                            const Environment& extra) {
  Environment variables;
  for (const char* name : kInheritedVariables) {
    if (const char* value = std::getenv(name)) variables[name] = value;
  }
  variables["CHRONOTRAIL_DATA_DIR"] = data_dir.string();
  for (const auto& [name, value] : extra) variables[name] = value;
  std::vector<std::string> entries;
  for (const auto& [name, value] : variables) entries.push_back(name + "=" + value);
  return entries;
}

CommandResult RunCommand(const std::vector<std::string>& args,
                         const std::filesystem::path& data_dir, const Environment& extra,
                         std::chrono::milliseconds timeout) {
  std::vector<std::string> argv = {CHRONOTRAIL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess process(argv, CommandEnvironment(data_dir, extra));
  CommandResult result;
  std::optional<int> code = process.wait_for_exit(timeout);
  if (!code) {
    result.timed_out = true;
    process.send_signal(SIGKILL);
    code = process.wait_for_exit(std::chrono::seconds(5));
  }
  result.exit_code = code.value_or(-1);
  result.stdout_text = process.stdout_text();
  result.stderr_text = process.stderr_text();
  return result;
}

std::string CreateToken(const std::filesystem::path& data_dir, std::string_view email,
                        std::string_view tier) {
  std::vector<std::string> args = {"token", "create", "--email", std::string(email)};
  if (!tier.empty()) args.insert(args.end(), {"--tier", std::string(tier)});
  CommandResult result = RunCommand(args, data_dir);
  std::string token = result.stdout_text;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (result.exit_code != 0 || token.empty() || token.find('\n') != std::string::npos) {
    std::ostringstream message;
    message << "token create --email " << email << " exited " << result.exit_code
            << (result.timed_out ? " (timed out)" : "") << "\nstdout: " << result.stdout_text
            << "\nstderr: " << result.stderr_text;
    throw std::runtime_error(message.str());
  }
  return token;
}

ServerProcess::ServerProcess(Environment extra) : extra_(std::move(extra)) {
  start();
}

ServerProcess::~ServerProcess() = default;

void ServerProcess::start() {
  Environment environment = {{"HOST", "127.0.0.1"}, {"PORT", "0"}};
  for (const auto& [name, value] : extra_) environment[name] = value;
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{CHRONOTRAIL_BINARY, "serve"},
                                            CommandEnvironment(data_dir(), environment));
  std::optional<std::uint16_t> port;
  process_->wait_for_stdout(
      [&port](std::string_view log) {
        port = ListeningPort(log);
        return port.has_value();
      },
      kStartTimeout);
  if (!port) {
    process_->send_signal(SIGKILL);
    std::optional<int> code = process_->wait_for_exit(std::chrono::seconds(5));
    std::ostringstream message;
    message << "server did not log a listening line (exit code "
            << (code ? std::to_string(*code) : "?") << ")\nstdout: " << process_->stdout_text()
            << "\nstderr: " << process_->stderr_text();
    throw std::runtime_error(message.str());
  }
  port_ = *port;
}

bool ServerProcess::wait_for_stdout(std::string_view text,
                                    std::chrono::milliseconds timeout) const {
  return process_->wait_for_stdout(
      [text](std::string_view log) { return log.find(text) != std::string_view::npos; }, timeout);
}

void ServerProcess::restart() {
  if (process_->running()) throw std::logic_error("restart() needs the server to have exited");
  start();
}

void ServerProcess::restart(const Environment& changes) {
  for (const auto& [name, value] : changes) extra_[name] = value;
  restart();
}

}  // namespace chronotrail::testing
