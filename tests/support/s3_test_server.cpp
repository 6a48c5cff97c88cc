#include "support/s3_test_server.h"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace chronotrail::testing {

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

S3TestServer::S3TestServer(std::string bucket) : bucket_(std::move(bucket)) {
  const std::string node = FindOnPath("node");
  if (node.empty()) throw std::runtime_error("node is not on PATH (run scripts/bootstrap test)");
  const std::string script = std::string(CHRONOTRAIL_SOURCE_DIR) + "/tests/support/s3rver.js";
  const char* path = std::getenv("PATH");
  // s3rver encrypts listing continuation tokens with DES, which OpenSSL 3 keeps in its legacy
  // provider: without it, the second page of a listing fails.
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{node, "--openssl-legacy-provider", script,
                               directory_.path().string(), bucket_},
      std::vector<std::string>{std::string("PATH=") + (path ? path : "/usr/bin:/bin")});
  auto has_port = [](std::string_view out) { return out.find('\n') != std::string_view::npos; };
  if (!process_->wait_for_stdout(has_port, std::chrono::seconds(20))) {
    throw std::runtime_error("s3rver did not start: " + process_->stdout_text() +
                             process_->stderr_text());
  }
  std::string line = process_->stdout_text();
  if (line.rfind("PORT ", 0) != 0) throw std::runtime_error("s3rver said: " + line);
  endpoint_url_ = "http://127.0.0.1:" + line.substr(5, line.find('\n') - 5);
}

}  // namespace chronotrail::testing
