// ZipWriter's archives as Info-ZIP's `unzip` reads them: stored and deflated entries, many pieces,
// and more entries than the classic end record can count (the ZIP64 path).
#include "core/zip_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

using testing::ChildProcess;
using testing::TempDir;

// Runs unzip with `args`; returns its exit code and puts its stdout in `out`.
int Unzip(const std::vector<std::string>& args, std::string& out) {
  std::vector<std::string> argv = {"/usr/bin/unzip"};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess unzip(argv, {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"});
  auto code = unzip.wait_for_exit(std::chrono::seconds(60));
  out = unzip.stdout_text() + unzip.stderr_text();
  return code.value_or(-1);
}

class ZipWriterTest : public ::testing::Test {
 protected:
  std::string Path() const { return (dir_.path() / "t.zip").string(); }
  ZipWriter Writer() {
    return ZipWriter([this](std::string_view bytes) { file_.write(bytes.data(), bytes.size()); });
  }
  void Close() { file_.close(); }

  TempDir dir_;
  std::ofstream file_{(dir_.path() / "t.zip").string(), std::ios::binary};
};

TEST_F(ZipWriterTest, UnzipReadsBackStoredAndDeflatedEntriesExactly) {
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "line " + std::to_string(i) + " of café notes\n";
  std::string binary;
  for (int i = 0; i < 70000; ++i) binary.push_back(static_cast<char>((i * 7919) & 0xFF));
  {
    ZipWriter zip = Writer();
    zip.BeginEntry("notes.jsonl", 1'700'000'000'000'000, true);
    for (size_t at = 0; at < big.size(); at += 4096)
      zip.Write(std::string_view(big).substr(at, 4096));
    zip.EndEntry();
    zip.BeginEntry("media/photo.bin", 1'700'000'000'000'000, false);
    zip.Write(binary);
    zip.EndEntry();
    zip.BeginEntry("empty.txt", 0, true);
    zip.EndEntry();
    zip.Finish();
  }
  Close();
  std::string out;
  ASSERT_EQ(Unzip({"-t", Path()}, out), 0) << out;
  ASSERT_EQ(Unzip({"-p", Path(), "notes.jsonl"}, out), 0);
  EXPECT_EQ(out, big);
  ASSERT_EQ(Unzip({"-p", Path(), "media/photo.bin"}, out), 0);
  EXPECT_EQ(out, binary);
  ASSERT_EQ(Unzip({"-Z", "-T", Path(), "notes.jsonl"}, out), 0);
  EXPECT_NE(out.find("20231114.221320"), std::string::npos) << out;  // DOS time, 2 s grain
}

TEST_F(ZipWriterTest, MoreEntriesThanTheClassicRecordCountsUseZip64) {
  constexpr int kEntries = 70000;  // above 65535
  {
    ZipWriter zip = Writer();
    for (int i = 0; i < kEntries; ++i) {
      zip.BeginEntry("e/" + std::to_string(i), 0, false);
      zip.Write(std::to_string(i));
      zip.EndEntry();
    }
    zip.Finish();
  }
  Close();
  std::string out;
  ASSERT_EQ(Unzip({"-t", "-q", Path()}, out), 0) << out.substr(0, 2000);
  ASSERT_EQ(Unzip({"-p", Path(), "e/69999"}, out), 0);
  EXPECT_EQ(out, "69999");
}

}  // namespace
}  // namespace chronotrail
