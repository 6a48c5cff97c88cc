// `chronotrail reindex` on the data directory of a running server: a damaged search index is
// rebuilt from the records, the missing vectors are computed with a progress line, and the
// server's searches see the result.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <string>

#include "support/api_client.h"
#include "support/json_access.h"
#include "support/payloads.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

std::string Explain(const CommandResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.stdout_text +
         "\nstderr: " + r.stderr_text;
}

void Damage(const std::filesystem::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_file.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << sql;
}

TEST(HttpReindexCommand, RebuildsADamagedIndexAndComputesVectorsWithProgress) {
  ServerProcess server(Environment{{"EMBEDDER", "none"}});
  ApiClient ana(server.port(), server.create_token("ana@example.com", "pro"));
  std::string lost;
  for (const char* text : {"Dentist appointment on Friday", "Bought tulips at the market",
                           "Read a novel about whales"}) {
    boost::json::object note = CreateRecord(
        ana, "/api/v1/notes", {{"text_content", text}, {"timestamp", "2024-03-12T09:14:00Z"}});
    lost = std::string(note.at("id").as_string());
  }
  Damage(server.data_dir() / "chronotrail.db",
         "DELETE FROM search_docs WHERE record_id = '" + lost + "'");
  auto whales = [&] {
    HttpResponse r =
        ana.post("/api/v1/query", {{"query", "which book about whales?"}, {"timezone", "UTC"}});
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value answer = r.json();
    for (const auto& s : answer.at("sources").as_array()) {
      if (s.at("id").as_string() == lost) return true;
    }
    return false;
  };
  ASSERT_FALSE(whales());

  // The server keeps running; the command uses the offline encoder.
  CommandResult r = RunCommand({"reindex"}, server.data_dir(), {{"EMBEDDER", "use-lite"}},
                               std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << Explain(r);
  EXPECT_NE(r.stdout_text.find("reindex: 3 documents; 1 added, 0 rewritten, 0 removed"),
            std::string::npos)
      << Explain(r);
  EXPECT_NE(r.stderr_text.find("reindex: vectors 3/3"), std::string::npos) << Explain(r);
  EXPECT_NE(r.stdout_text.find("3 vectors computed with use-lite"), std::string::npos)
      << Explain(r);
  EXPECT_TRUE(whales());

  // Nothing left to do; --embeddings computes every vector again.
  r = RunCommand({"reindex"}, server.data_dir(), {{"EMBEDDER", "use-lite"}},
                 std::chrono::seconds(120));
  EXPECT_NE(r.stdout_text.find("0 added, 0 rewritten, 0 removed"), std::string::npos) << Explain(r);
  EXPECT_NE(r.stdout_text.find("0 vectors computed"), std::string::npos) << Explain(r);
  r = RunCommand({"reindex", "--embeddings"}, server.data_dir(), {{"EMBEDDER", "use-lite"}},
                 std::chrono::seconds(120));
  EXPECT_NE(r.stdout_text.find("3 vectors computed"), std::string::npos) << Explain(r);

  r = RunCommand({"reindex", "--everything"}, server.data_dir());
  EXPECT_EQ(r.exit_code, 2) << Explain(r);
  EXPECT_NE(r.stderr_text.find("unknown argument --everything"), std::string::npos);
  r = RunCommand({"reindex", "--help"}, server.data_dir());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_text.find("Usage: chronotrail reindex"), std::string::npos);
}

}  // namespace
}  // namespace chronotrail::testing
