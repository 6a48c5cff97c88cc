#include "support/pglite_server.h"

#include <csignal>
#include <cstdlib>
#include <stdexcept>

#include "support/s3_test_server.h"  // FindOnPath

namespace chronotrail::testing {

PgliteServer::PgliteServer() {
  const std::string node = FindOnPath("node");
  if (node.empty()) throw std::runtime_error("node is not on PATH (run scripts/bootstrap test)");
  const std::string script =
      std::string(CHRONOTRAIL_SOURCE_DIR) + "/tests/support/pglite-server.mjs";
  const char* path = std::getenv("PATH");
  // node itself, not npx, so that SIGTERM reaches the process that owns the database.
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{node, script},
      std::vector<std::string>{std::string("PATH=") + (path ? path : "/usr/bin:/bin")});
  auto has_port = [](std::string_view out) { return out.find('\n') != std::string_view::npos; };
  // A few seconds on an idle machine; much longer while a build shares the CPU.
  if (!process_->wait_for_stdout(has_port, std::chrono::seconds(120))) {
    throw std::runtime_error("pglite-server did not start: " + process_->stdout_text() +
                             process_->stderr_text());
  }
  std::string line = process_->stdout_text();
  if (line.rfind("PORT ", 0) != 0) throw std::runtime_error("pglite-server said: " + line);
  url_ = "postgresql://postgres@127.0.0.1:";
  url_.append(line.substr(5, line.find('\n') - 5)).append("/postgres?sslmode=disable");
}

PgliteServer::~PgliteServer() {
  process_->send_signal(SIGTERM);
  if (!process_->wait_for_exit(std::chrono::seconds(10))) process_->send_signal(SIGKILL);
  process_->wait_for_exit(std::chrono::seconds(5));
}

}  // namespace chronotrail::testing
