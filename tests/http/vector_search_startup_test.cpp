// Start-up tells the operator, once, where semantic search measures vectors: inside PostgreSQL
// when it has pgvector, otherwise in the server.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>

#include "support/json_access.h"
#include "support/pglite_server.h"
#include "support/postgres_cluster.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

// The message of the server's one `vector_search` log line ("" when there is none).
std::string VectorSearchMessage(const ServerProcess& server) {
  // Logged before the server listens, so it is there once ServerProcess has started.
  std::istringstream lines(server.stdout_text());
  std::string line, message;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.find("\"vector_search\"") == std::string::npos) continue;
    boost::json::value fields = boost::json::parse(line);
    if (StringAt(fields, "event") != "vector_search") continue;
    message = StringAt(fields, "message");
    ++count;
  }
  EXPECT_LE(count, 1) << "logged more than once:\n" << server.stdout_text();
  return message;
}

TEST(HttpVectorSearchStartup, TheEmbeddedStoreScansVectorsInTheServer) {
  ServerProcess server;
  EXPECT_EQ(VectorSearchMessage(server), "vectors scanned in the server");
}

TEST(HttpVectorSearchStartup, PostgresWithoutPgvectorSaysSo) {
  TestDatabase db;
  ServerProcess server({{"DATABASE_URL", db.url()}});
  EXPECT_EQ(VectorSearchMessage(server), "no pgvector: vectors scanned in the server");
}

TEST(HttpVectorSearchStartup, PostgresWithPgvectorSearchesThere) {
  PgliteServer pglite;
  // One connection: PGlite shares one session between connections (see PgliteServer).
  ServerProcess server({{"DATABASE_URL", pglite.url()}, {"DB_POOL_SIZE", "1"}});
  EXPECT_EQ(VectorSearchMessage(server), "vector search in PostgreSQL (pgvector 0.8.7)");
}

}  // namespace
}  // namespace chronotrail::testing
