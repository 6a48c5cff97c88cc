// A 100 MB upload streams through the server: its memory grows by a small fraction of the file
// while the body arrives, and the bytes come back exactly, also from the middle.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kFileBytes = 100'000'000;  // under the pro tier's 100 MiB
constexpr std::int64_t kMaxGrowthKiB = 20 * 1024;

// VmRSS of `pid` in KiB (0 when it cannot be read).
std::int64_t ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

// The bytes [first, first + count) of `file`.
std::string Slice(const std::filesystem::path& file, std::uint64_t first, std::size_t count) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(first));
  std::string bytes(count, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(count));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

TEST(HttpMediaBigUpload, AHundredMegabyteRecordingStreamsInWithLittleMemory) {
  TempDir dir;
  const std::filesystem::path wav = dir.path() / "long-recording.wav";
  WriteNoiseWav(wav, kFileBytes, 11);
  // Transcribing 52 minutes of noise is not the point: nothing processes it, and no sentence
  // encoder wakes up to embed the new record while the memory is sampled.
  ServerProcess server({{"MEDIA_WORKERS", "0"}, {"MEDIA_WAIT_SECONDS", "0"}, {"EMBEDDER", "none"}});
  std::string token = server.create_token(UniqueEmail(), "pro");
  HttpClient connection(server.port(), 60s);
  // A first, small upload pays for what the server sets up once (a database connection, its
  // caches, lazily made objects), so that what is sampled below is what a big file costs.
  const std::filesystem::path small = dir.path() / "short-recording.wav";
  WriteNoiseWav(small, 1'000'000, 12);
  ASSERT_TRUE(
      HasStatus(StreamUpload(connection, token, kVoice, small, "short-recording.wav"), 201));

  const std::int64_t before = ResidentKiB(server.pid());
  ASSERT_GT(before, 0);
  std::atomic<bool> uploading = true;
  std::atomic<std::int64_t> peak = before;
  std::thread sampler([&] {
    while (uploading) {
      std::int64_t now = ResidentKiB(server.pid());
      if (now > peak) peak = now;
      std::this_thread::sleep_for(10ms);
    }
  });
  auto started = std::chrono::steady_clock::now();
  HttpResponse created = StreamUpload(connection, token, kVoice, wav, "long-recording.wav");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  uploading = false;
  sampler.join();
  ASSERT_TRUE(HasStatus(created, 201));
  EXPECT_EQ(At(created.json(), "file_size").to_number<std::uint64_t>(), kFileBytes);
  const std::int64_t growth = peak - before;
  RecordProperty("upload_seconds", std::to_string(seconds));
  RecordProperty("rss_growth_kib", std::to_string(growth));
  EXPECT_LE(growth, kMaxGrowthKiB)
      << "resident memory grew from " << before << " KiB to " << peak << " KiB during the upload";

  ApiClient ana(server.port(), token);
  const std::string id = StringAt(created.json(), "file_id");
  const std::uint64_t first = 54'321'987;
  const std::size_t count = 3'000'000;
  HttpResponse part = ana.get(
      "/api/v1/media/" + id,
      {{"Range", "bytes=" + std::to_string(first) + "-" + std::to_string(first + count - 1)}});
  ASSERT_TRUE(HasStatus(part, 206));
  EXPECT_EQ(part.header("Content-Range"), "bytes " + std::to_string(first) + "-" +
                                              std::to_string(first + count - 1) + "/" +
                                              std::to_string(kFileBytes));
  EXPECT_TRUE(part.body == Slice(wav, first, count)) << "the slice differs from the file";
  HttpResponse end = ana.get("/api/v1/media/" + id, {{"Range", "bytes=-1000"}});
  ASSERT_TRUE(HasStatus(end, 206));
  EXPECT_TRUE(end.body == Slice(wav, kFileBytes - 1000, 1000));
}

}  // namespace
}  // namespace chronotrail::testing
