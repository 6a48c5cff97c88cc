// SIGKILL at random moments of a mixed workload (notes, visits, photo uploads, deletions), round
// after round on one data directory. After each kill: `chronotrail fsck` repairs what the kill
// left (bytes of an upload whose record was never written) and then finds the store consistent,
// and after the restart every acknowledged write reads back, is found by search, and nothing whose
// deletion was acknowledged comes back.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRounds = 20;

// A record the server acknowledged: where to read it back and the text it must have.
struct Written {
  std::string path;   // e.g. /api/v1/notes/{id}
  std::string field;  // the field holding `text` ("" for photos: the record is enough)
  std::string text;
  int round = 0;
};

// What the writers of all rounds were told.
struct Ledger {
  std::mutex mutex;
  std::map<std::string, Written> present;  // by id
  std::set<std::string> deleted_paths;
  std::vector<std::string> unexpected;  // answers that are neither success nor a dying server
  // Notes acknowledged in this round, by id, with their unique word.
  std::vector<std::pair<std::string, std::string>> searchable;
};

// A word no other note has, so a search for it has one right answer.
std::string UniqueWord(int round, int writer, int i) {
  return "zk" + std::to_string(round) + "x" + std::to_string(writer) + "y" + std::to_string(i);
}

void Record(Ledger& ledger, const HttpResponse& response, int expected_status,
            const std::function<void()>& on_success) {
  std::lock_guard lock(ledger.mutex);
  if (response.status == expected_status) {
    on_success();
  } else {
    ledger.unexpected.push_back(Describe(response));
  }
}

// Notes, each third operation deleting the writer's previous note. A deletion the kill cut short
// may or may not have happened: that note is no longer checked either way.
void WriteNotes(std::uint16_t port, const std::string& token, int round, Ledger& ledger) {
  std::string deleting;
  try {
    ApiClient client(port, token);
    std::string previous;
    for (int i = 0;; ++i) {
      if (i % 3 == 2 && !previous.empty()) {
        deleting = previous;
        HttpResponse gone = client.del("/api/v1/notes/" + previous);
        Record(ledger, gone, 204, [&] {
          ledger.present.erase(previous);
          ledger.deleted_paths.insert("/api/v1/notes/" + previous);
        });
        deleting.clear();
        previous.clear();
        continue;
      }
      std::string word = UniqueWord(round, 0, i);
      std::string text = "round " + std::to_string(round) + " note " + word;
      HttpResponse created = client.post(
          "/api/v1/notes", {{"text_content", text}, {"timestamp", "2024-03-12T09:14:00Z"}});
      Record(ledger, created, 201, [&] {
        previous = StringAt(created.json(), "id");
        ledger.present[previous] = {"/api/v1/notes/" + previous, "text_content", text, round};
        ledger.searchable.emplace_back(previous, word);
      });
    }
  } catch (const std::exception&) {
    // The server died: the request in flight was never acknowledged.
    std::lock_guard lock(ledger.mutex);
    if (!deleting.empty()) ledger.present.erase(deleting);
  }
}

void WriteVisits(std::uint16_t port, const std::string& token, int round, Ledger& ledger) {
  try {
    ApiClient client(port, token);
    for (int i = 0;; ++i) {
      std::string text = "visit " + UniqueWord(round, 1, i);
      boost::json::object visit{{"visit_time", "2024-03-12T10:00:00Z"},
                                {"longitude", -9.1393},
                                {"latitude", 38.7223},
                                {"description", text}};
      HttpResponse created = client.post("/api/v1/locations", visit);
      Record(ledger, created, 201, [&] {
        std::string id = StringAt(created.json(), "id");
        ledger.present[id] = {"/api/v1/locations/" + id, "description", text, round};
      });
    }
  } catch (const std::exception&) {
  }
}

// Photos, each made unique by bytes after the image's end (which decoders ignore).
void UploadPhotos(std::uint16_t port, const std::string& token, const std::string& png, int round,
                  Ledger& ledger) {
  try {
    ApiClient client(port, token);
    for (int i = 0;; ++i) {
      std::string bytes = png + UniqueWord(round, 2, i);
      HttpResponse created = Upload(client, kPhotos, "p.png", bytes);
      Record(ledger, created, 201, [&] {
        std::string id = StringAt(created.json(), "file_id");
        ledger.present[id] = {"/api/v1/media/" + id + "/info", "", "", round};
      });
    }
  } catch (const std::exception&) {
  }
}

// "path: what came back" for each acknowledged record (of `round`, or of any round when 0) that
// does not read back as written.
std::vector<std::string> Lost(ApiClient& client, const std::map<std::string, Written>& present,
                              int round) {
  std::vector<std::string> lost;
  for (const auto& [id, w] : present) {
    if (round != 0 && w.round != round) continue;
    HttpResponse r = client.get(w.path);
    if (r.status != 200 || (!w.field.empty() && StringAt(r.json(), w.field) != w.text)) {
      lost.push_back(w.path + ": " + Describe(r));
    }
  }
  return lost;
}

std::vector<std::string> Reappeared(ApiClient& client, const std::set<std::string>& paths) {
  std::vector<std::string> back;
  for (const std::string& path : paths) {
    if (client.get(path).status != 404) back.push_back(path);
  }
  return back;
}

// True when a question naming `word` finds the note that has it.
bool Found(ApiClient& client, const std::string& word) {
  HttpResponse r = client.post("/api/v1/query", {{"query", "notes about " + word}});
  return r.status == 200 && r.body.find(word) != std::string::npos;
}

TEST(HttpKillRounds, AcknowledgedWritesSurviveSigkillAndFsckFindsNothingLeft) {
  TempDir scratch;
  MakeNoisePhoto(scratch.path() / "p.png", 48, 32);
  std::string png = ReadFileBytes(scratch.path() / "p.png");

  // The visits writer sends thousands in 20 rounds: past the daily cap, which is not under test.
  ServerProcess server(Environment{{"LIMIT_VISITS_PER_DAY", "1000000"}});
  std::string token = server.create_token(UniqueEmail(), "pro");
  Ledger ledger;
  std::mt19937 random(20261127);
  int fsck_repairs = 0;
  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ledger.searchable.clear();
    std::vector<std::thread> writers;
    writers.emplace_back(WriteNotes, server.port(), token, round, std::ref(ledger));
    writers.emplace_back(WriteVisits, server.port(), token, round, std::ref(ledger));
    writers.emplace_back(UploadPhotos, server.port(), token, png, round, std::ref(ledger));
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 600));
    server.send_signal(SIGKILL);
    for (std::thread& writer : writers) writer.join();
    ASSERT_EQ(server.wait_for_exit(10s), 128 + SIGKILL);
    ASSERT_EQ(ledger.unexpected, std::vector<std::string>{});

    // The kill may leave bytes of an upload without its record: fsck deletes them (no upload
    // is in progress now, so no grace period); after a repair, it must then find nothing.
    CommandResult repair = RunCommand({"fsck", "--min-age", "0"}, server.data_dir(), {}, 60s);
    ASSERT_EQ(repair.exit_code, 0) << repair.stdout_text << repair.stderr_text;
    if (repair.stdout_text.find("fsck: repaired") != std::string::npos) {
      ++fsck_repairs;
      CommandResult check =
          RunCommand({"fsck", "--check", "--min-age", "0"}, server.data_dir(), {}, 60s);
      ASSERT_EQ(check.exit_code, 0) << check.stdout_text << check.stderr_text;
      EXPECT_NE(check.stdout_text.find("fsck: consistent"), std::string::npos) << check.stdout_text;
    } else {
      EXPECT_NE(repair.stdout_text.find("fsck: consistent"), std::string::npos)
          << repair.stdout_text;
    }

    server.restart();
    ApiClient client(server.port(), token);
    // This round's writes now; every round's at the end.
    std::vector<std::string> lost = Lost(client, ledger.present, round < kRounds ? round : 0);
    ASSERT_TRUE(lost.empty()) << lost.size() << " of " << ledger.present.size()
                              << " acknowledged records are lost, e.g. " << lost.front();
    std::vector<std::string> back = Reappeared(client, ledger.deleted_paths);
    ASSERT_TRUE(back.empty()) << back.size() << " deleted records came back, e.g. " << back.front();
    // Two notes of the round by search (fsck --check above compared the whole index with the
    // records; this is the same through the question API).
    std::vector<std::string> words;
    for (const auto& [id, word] : ledger.searchable) {
      if (ledger.present.count(id) > 0) words.push_back(word);
    }
    for (size_t i = 0; i < words.size(); i += std::max<size_t>(1, words.size() / 2)) {
      EXPECT_TRUE(Found(client, words[i])) << words[i];
    }
  }
  RecordProperty("records_acknowledged", static_cast<int>(ledger.present.size()));
  RecordProperty("deletions_acknowledged", static_cast<int>(ledger.deleted_paths.size()));
  RecordProperty("rounds_fsck_repaired", fsck_repairs);
  EXPECT_GT(ledger.present.size(), static_cast<size_t>(kRounds));
}

}  // namespace
}  // namespace chronotrail::testing
