// The data directory's disk fills up: writes fail with 507 INSUFFICIENT_STORAGE and change
// nothing, reads keep working, what was acknowledged stays, the database stays sound, and writing
// works again once space is freed, without a restart. The disk is a small tmpfs mounted for the
// test (which needs root, as CI runs; elsewhere the test says why it is skipped).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

// A tmpfs of `megabytes` at `dir` for the life of this object.
class SmallDisk {
 public:
  SmallDisk(const std::filesystem::path& dir, int megabytes) : dir_(dir) {
    std::string options = "size=" + std::to_string(megabytes) + "m";
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path dir_;
  bool mounted_ = false;
  std::string error_;
};

// Fills the disk holding `file` to the last byte.
void Fill(const std::filesystem::path& file) {
  FILE* out = std::fopen(file.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  std::vector<char> block(64 * 1024, 'f');
  while (std::fwrite(block.data(), 1, block.size(), out) == block.size()) {
  }
  std::fclose(out);  // the last partial block may fail too: the disk is full either way
}

boost::json::object Note(int i) {
  return {{"text_content", "note " + std::to_string(i) + " " + std::string(2000, 'n')},
          {"timestamp", "2024-03-12T09:14:00Z"}};
}

TEST(HttpDiskFull, WritesGet507ReadsWorkAndWritingResumesWhenSpaceIsFreed) {
  TempDir mount_point;
  SmallDisk disk(mount_point.path(), 24);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
  const std::filesystem::path data = mount_point.path() / "data";
  ServerProcess server({{"CHRONOTRAIL_DATA_DIR", data.string()}});
  ApiClient ana(server.port(), CreateToken(data, UniqueEmail(), "pro"));
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 3; ++i) {
    HttpResponse created = ana.post("/api/v1/notes", Note(i));
    ASSERT_TRUE(HasStatus(created, 201));
    acknowledged.push_back(StringAt(created.json(), "id"));
  }

  Fill(data / "filler");
  // SQLite may still have room in pages it holds already; the disk runs out within a few notes.
  HttpResponse refused;
  for (int i = 3; i < 2000; ++i) {
    HttpResponse r = ana.post("/api/v1/notes", Note(i));
    if (r.status == 201) {
      acknowledged.push_back(StringAt(r.json(), "id"));
      continue;
    }
    refused = r;
    break;
  }
  ASSERT_TRUE(IsError(refused, 507, "INSUFFICIENT_STORAGE"));
  EXPECT_TRUE(refused.has_header("Retry-After")) << Describe(refused);
  std::string photo(200 * 1024, 'p');
  photo.replace(0, 8, "\x89PNG\r\n\x1a\n");
  EXPECT_TRUE(IsError(Upload(ana, kPhotos, "p.png", photo), 507, "INSUFFICIENT_STORAGE"));

  // Reads still work, and show every acknowledged note and nothing of the refused ones.
  for (const std::string& id : acknowledged) {
    EXPECT_TRUE(HasStatus(ana.get("/api/v1/notes/" + id), 200)) << id;
  }
  HttpResponse list = ana.get("/api/v1/notes?page_size=1");
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_EQ(At(list.json(), "total").to_number<std::int64_t>(),
            static_cast<std::int64_t>(acknowledged.size()));
  EXPECT_TRUE(HasStatus(ApiClient(server.port(), "").get("/health/ready"), 200));

  std::filesystem::remove(data / "filler");
  HttpResponse after = ana.post("/api/v1/notes", Note(9999));
  EXPECT_TRUE(HasStatus(after, 201));
  CommandResult fsck = RunCommand({"fsck", "--check"}, data, {}, 60s);
  EXPECT_EQ(fsck.exit_code, 0) << fsck.stdout_text << fsck.stderr_text;
}

}  // namespace
}  // namespace chronotrail::testing
