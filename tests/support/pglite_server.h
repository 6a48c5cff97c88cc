#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"

namespace chronotrail::testing {

// PostgreSQL 18 with pgvector for tests of the vector SQL: PGlite (PostgreSQL compiled to
// WebAssembly, from tests/npm) served over the wire protocol by tests/support/pglite-server.mjs
// on 127.0.0.1 and an ephemeral port, its database in memory. Debian's PostgreSQL has no pgvector.
//
// Unlike a real server, every connection shares one backend session (prepared statement names
// and settings leak between connections) and statements run one at a time: give it one
// connection at a time (a PostgresStore with a pool of one) and use PostgresCluster for
// everything else. Starting takes a few seconds and ~450 MB. Stopped with SIGTERM on
// destruction. Throws with the server's output when it does not start.
class PgliteServer {
 public:
  PgliteServer();
  ~PgliteServer();
  PgliteServer(const PgliteServer&) = delete;
  PgliteServer& operator=(const PgliteServer&) = delete;

  // postgresql://postgres@127.0.0.1:PORT/postgres?sslmode=disable
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
};

}  // namespace chronotrail::testing
