// SIGKILL in the middle of a stream of writes: every note the server acknowledged with 201 is
// there after a restart, with its text. A 201 is a promise that the record is stored.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kWriters = 3;

// What the writers saw: the notes acknowledged, by id, and any answer other than 201.
struct Acknowledged {
  std::mutex mutex;
  std::map<std::string, std::string> text_by_id;
  std::vector<std::string> unexpected;
};

void WriteNotesUntilTheServerDies(std::uint16_t port, const std::string& token, int writer,
                                  Acknowledged& acknowledged) {
  try {
    ApiClient client(port, token);
    for (int i = 0;; ++i) {
      std::string text = "writer " + std::to_string(writer) + " note " + std::to_string(i);
      HttpResponse response = client.post(
          "/api/v1/notes", {{"text_content", text}, {"timestamp", "2024-03-12T09:14:00Z"}});
      std::lock_guard lock(acknowledged.mutex);
      if (response.status == 201) {
        acknowledged.text_by_id[StringAt(response.json(), "id")] = text;
      } else {
        acknowledged.unexpected.push_back(Describe(response));
      }
    }
  } catch (const std::exception&) {
    // The connection died with the server: the request in flight was never acknowledged.
  }
}

// Ids among `text_by_id` that do not read back with their text, as "id: what came back".
std::vector<std::string> Missing(std::uint16_t port, const std::string& token,
                                 const std::map<std::string, std::string>& text_by_id) {
  std::vector<std::string> missing;
  ApiClient client(port, token);
  for (const auto& [id, text] : text_by_id) {
    HttpResponse response = client.get("/api/v1/notes/" + id);
    if (response.status != 200 || StringAt(response.json(), "text_content") != text) {
      missing.push_back(id + ": " + Describe(response));
    }
  }
  return missing;
}

TEST(HttpCrashSafety, EveryNoteAcknowledgedBeforeSigkillIsThereAfterRestart) {
  ServerProcess server;
  std::string token = server.create_token(UniqueEmail(), "pro");
  Acknowledged acknowledged;
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back(WriteNotesUntilTheServerDies, server.port(), token, writer,
                         std::ref(acknowledged));
  }
  std::this_thread::sleep_for(1s);
  server.send_signal(SIGKILL);
  for (std::thread& writer : writers) writer.join();
  ASSERT_EQ(server.wait_for_exit(5s), 128 + SIGKILL);
  EXPECT_EQ(acknowledged.unexpected, std::vector<std::string>{});
  ASSERT_FALSE(acknowledged.text_by_id.empty()) << "no note was acknowledged within a second";
  RecordProperty("acknowledged_notes", static_cast<int>(acknowledged.text_by_id.size()));

  server.restart();
  std::vector<std::string> missing = Missing(server.port(), token, acknowledged.text_by_id);
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << acknowledged.text_by_id.size()
                               << " acknowledged notes are lost, e.g. "
                               << (missing.empty() ? "" : missing.front());
  HttpResponse list = ApiClient(server.port(), token).get("/api/v1/notes?page_size=1");
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_GE(At(list.json(), "total").to_number<std::int64_t>(),
            static_cast<std::int64_t>(acknowledged.text_by_id.size()));
}

}  // namespace
}  // namespace chronotrail::testing
