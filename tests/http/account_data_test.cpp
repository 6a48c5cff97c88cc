// The user's own data: GET /api/v1/export gives back every record in a ZIP streamed as it is made,
// and DELETE /api/v1/account removes all of it for good.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "support/child_process.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/payloads.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

class HttpAccountData : public SharedServerTest<HttpAccountData> {
 protected:
  // Saves an export and returns the text of `entry` in it (unzip -p); fails the test when unzip
  // finds the archive damaged.
  std::string Entry(const std::string& zip_bytes, const std::string& entry) {
    std::string path = (dir_.path() / "export.zip").string();
    std::ofstream(path, std::ios::binary) << zip_bytes;
    ChildProcess test({"/usr/bin/unzip", "-t", "-q", path}, {"PATH=/usr/bin:/bin"});
    EXPECT_EQ(test.wait_for_exit(std::chrono::seconds(30)), 0) << test.stdout_text();
    ChildProcess read({"/usr/bin/unzip", "-p", path, entry}, {"PATH=/usr/bin:/bin"});
    EXPECT_EQ(read.wait_for_exit(std::chrono::seconds(30)), 0) << read.stderr_text();
    return read.stdout_text();
  }

  // The "id" of each JSON line.
  static std::set<std::string> Ids(const std::string& jsonl) {
    std::set<std::string> ids;
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);) {
      boost::json::value v = boost::json::parse(line);
      ids.insert(StringAt(v, "id"));
    }
    return ids;
  }

  // Rows that mention `user_id` in any table of the server's SQLite database.
  static int RowsOf(const std::string& user_id) {
    sqlite3* db = nullptr;
    std::string path = (server().data_dir() / "chronotrail.db").string();
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    int rows = 0;
    for (const char* sql : {"SELECT count(*) FROM users WHERE id = ?1",
                            "SELECT count(*) FROM location_visits WHERE user_id = ?1",
                            "SELECT count(*) FROM text_notes WHERE user_id = ?1",
                            "SELECT count(*) FROM daily_usage WHERE user_id = ?1"}) {
      sqlite3_stmt* q = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &q, nullptr), SQLITE_OK) << sql;
      sqlite3_bind_text(q, 1, user_id.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(q) == SQLITE_ROW) rows += sqlite3_column_int(q, 0);
      sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return rows;
  }

  TempDir dir_;
};

TEST_F(HttpAccountData, TheExportHoldsEveryRecordAndTheProfile) {
  ApiClient ana = NewUser();
  std::set<std::string> visits, notes;
  for (int i = 0; i < 3; ++i) {
    visits.insert(
        std::string(CreateRecord(ana, "/api/v1/locations", ValidVisit())["id"].as_string()));
  }
  // More notes than one page of the export holds, so the archive is made over several steps.
  for (int i = 0; i < 1203; ++i) {
    boost::json::object note = ValidNote();
    note["text_content"] = "note " + std::to_string(i) + " — café ☕";
    notes.insert(std::string(CreateRecord(ana, "/api/v1/notes", note)["id"].as_string()));
  }
  HttpResponse r = ana.get("/api/v1/export");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(r.header("Content-Type"), "application/zip");
  EXPECT_EQ(r.header("Transfer-Encoding"), "chunked");
  EXPECT_NE(r.header("Content-Disposition").find("attachment"), std::string::npos);

  EXPECT_EQ(Ids(Entry(r.body, "visits.jsonl")), visits);
  std::string note_lines = Entry(r.body, "notes.jsonl");
  EXPECT_EQ(Ids(note_lines), notes);
  EXPECT_NE(note_lines.find("note 1202 — café ☕"), std::string::npos);
  boost::json::value profile = boost::json::parse(Entry(r.body, "profile.json"));
  EXPECT_EQ(StringAt(profile, "email"), ana.email());
  // The connection stays usable after a streamed response.
  EXPECT_EQ(ana.get("/api/v1/auth/me").status, 200);
}

TEST_F(HttpAccountData, AnExportHoldsNothingOfAnotherUser) {
  ApiClient ana = NewUser(), bob = NewUser();
  CreateRecord(ana, "/api/v1/notes", ValidNote());
  HttpResponse r = bob.get("/api/v1/export");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Entry(r.body, "notes.jsonl").empty());
  EXPECT_EQ(Anonymous().get("/api/v1/export").status, 401);
}

TEST_F(HttpAccountData, DeletingTheAccountRemovesEverythingAndTheTokenStopsWorking) {
  ApiClient ana = NewUser("free"), bob = NewUser();
  CreateRecord(ana, "/api/v1/notes", ValidNote());
  CreateRecord(ana, "/api/v1/locations", ValidVisit());
  CreateRecord(bob, "/api/v1/notes", ValidNote());
  HttpResponse me = ana.get("/api/v1/auth/me");
  boost::json::value me_json = me.json();
  std::string ana_id = StringAt(me_json, "id");
  HttpResponse bob_me = bob.get("/api/v1/auth/me");
  boost::json::value bob_json = bob_me.json();
  std::string bob_id = StringAt(bob_json, "id");
  int bob_rows = RowsOf(bob_id);
  ASSERT_GE(RowsOf(ana_id), 4);  // user, visit, note, usage counter

  // Without an explicit confirmation nothing happens.
  for (const char* body : {"{}", "{\"confirm\":false}", "{\"confirm\":\"yes\"}"}) {
    HttpResponse refused = ana.send(http::verb::delete_, "/api/v1/account", body,
                                    {{"Content-Type", "application/json"}});
    EXPECT_EQ(refused.status, 400) << body;
    EXPECT_NE(refused.body.find("confirm"), std::string::npos);
  }
  ASSERT_GE(RowsOf(ana_id), 4);

  HttpResponse deleted = ana.send(http::verb::delete_, "/api/v1/account", "{\"confirm\":true}",
                                  {{"Content-Type", "application/json"}});
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(RowsOf(ana_id), 0);
  EXPECT_EQ(ana.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(ana.get("/api/v1/notes").status, 401);
  EXPECT_EQ(RowsOf(bob_id), bob_rows);
  EXPECT_EQ(bob.get("/api/v1/notes").status, 200);
}

TEST_F(HttpAccountData, ExportCarriesMediaAndDeletionRemovesTheirBytes) {
  ApiClient ana = NewUser();
  MakeTextPhoto(dir_.path() / "sign.jpg", "EXIT");
  std::ifstream in(dir_.path() / "sign.jpg", std::ios::binary);
  std::string photo((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  HttpResponse up = Upload(ana, kPhotos, "sign.jpg", photo);
  ASSERT_EQ(up.status, 201) << up.body;
  std::string id = StringAt(up.json(), "file_id");

  HttpResponse exported = ana.get("/api/v1/export");
  ASSERT_EQ(exported.status, 200);
  std::string media_lines = Entry(exported.body, "media.jsonl");
  EXPECT_NE(media_lines.find("\"id\":\"" + id + "\""), std::string::npos) << media_lines;
  EXPECT_EQ(Entry(exported.body, "media/" + id + ".jpg"), photo);

  ASSERT_FALSE(StoredFiles(server().data_dir(), id).empty());
  HttpResponse gone = ana.send(http::verb::delete_, "/api/v1/account", R"({"confirm":true})",
                               {{"Content-Type", "application/json"}});
  ASSERT_EQ(gone.status, 204) << gone.body;
  // The media workers delete the bytes queued with the account's removal.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!StoredFiles(server().data_dir(), id).empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(StoredFiles(server().data_dir(), id).empty());
}

}  // namespace
}  // namespace chronotrail::testing
