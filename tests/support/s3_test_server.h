#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {

// An S3-protocol server that verifies SigV4 (@20minutes/s3rver, started by tests/support/s3rver.js
// with node) on 127.0.0.1 and an ephemeral port, storing into a temp directory of its own, with
// one bucket. Killed on destruction. Throws with the server's output when it does not start.
class S3TestServer {
 public:
  // The keys s3rver accepts.
  static constexpr const char* kAccessKeyId = "S3RVER";
  static constexpr const char* kSecretAccessKey = "S3RVER";

  explicit S3TestServer(std::string bucket = "chronotrail-test");

  const std::string& bucket() const { return bucket_; }
  // "http://127.0.0.1:PORT"
  const std::string& endpoint_url() const { return endpoint_url_; }

 private:
  std::string bucket_;
  TempDir directory_;
  std::unique_ptr<ChildProcess> process_;
  std::string endpoint_url_;
};

// The absolute path of `name` found on PATH, or "" when it is not there.
std::string FindOnPath(const std::string& name);

}  // namespace chronotrail::testing
