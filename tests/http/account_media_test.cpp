// The user's own data, media included: the export carries every photo and voice note, metadata and
// original bytes; deleting the account removes the bytes too.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/child_process.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

class HttpAccountMedia : public SharedServerTest<HttpAccountMedia> {
 protected:
  // `entry` of the ZIP `zip_bytes` (unzip -p), after unzip -t found the archive sound.
  std::string Entry(const std::string& zip_bytes, const std::string& entry) {
    std::string path = (dir_.path() / "export.zip").string();
    std::ofstream(path, std::ios::binary) << zip_bytes;
    ChildProcess test({"/usr/bin/unzip", "-t", "-q", path}, {"PATH=/usr/bin:/bin"});
    EXPECT_EQ(test.wait_for_exit(std::chrono::seconds(30)), 0) << test.stdout_text();
    ChildProcess read({"/usr/bin/unzip", "-p", path, entry}, {"PATH=/usr/bin:/bin"});
    EXPECT_EQ(read.wait_for_exit(std::chrono::seconds(30)), 0) << read.stderr_text();
    return read.stdout_text();
  }

  TempDir dir_;
};

TEST_F(HttpAccountMedia, ExportCarriesMediaAndDeletionRemovesTheirBytes) {
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
