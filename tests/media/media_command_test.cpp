// `chronotrail media analyze` as an operator runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>
#include <sstream>
#include <string>

#include "media/media_samples.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

struct Output {
  std::vector<boost::json::object> lines;
  int exit_code = -1;
};

Output RunAnalyze(const std::string& args) {
  std::string command = std::string(CHRONOTRAIL_BINARY) + " media analyze " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  int status = pclose(pipe);
  Output out;
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.lines.push_back(boost::json::parse(line).as_object());
  }
  return out;
}

TEST(MediaCommand, PrintsOneLineOfFactsPerFileInOrder) {
  testing::TempDir dir;
  std::string photo = (dir.path() / "sign.jpg").string();
  testing::MakeTextImage(photo, "Ferry Terminal", "DejaVu-Sans", 40);
  testing::Shell(
      "exiv2 -M" + testing::Quoted("set Exif.Photo.DateTimeOriginal 2023:05:06 19:30:00") + " -M" +
      testing::Quoted("set Exif.Photo.OffsetTimeOriginal +01:00") + " " + testing::Quoted(photo));
  std::string voice = testing::ShortSpeechWav().string();
  Output out = RunAnalyze("--place 'Lisbon, Portugal' " + testing::Quoted(photo) + " " +
                          testing::Quoted(voice));
  EXPECT_EQ(out.exit_code, 0);
  ASSERT_EQ(out.lines.size(), 2u);
  const boost::json::object& p = out.lines[0];
  EXPECT_EQ(p.at("file").as_string(), photo);
  EXPECT_EQ(p.at("kind").as_string(), "photo");
  EXPECT_EQ(p.at("mime").as_string(), "image/jpeg");
  EXPECT_EQ(p.at("ocr_text").as_string(), "Ferry Terminal");
  EXPECT_EQ(p.at("taken_at").as_string(), "2023-05-06T18:30:00Z");
  EXPECT_EQ(p.at("taken_local").as_string(), "2023-05-06T19:30:00");
  EXPECT_EQ(p.at("taken_offset_minutes").as_int64(), 60);
  EXPECT_EQ(p.at("faces").as_int64(), 0);
  EXPECT_EQ(p.at("description").as_string(),
            "A photo taken in Lisbon, Portugal, in the evening; mostly white. Text in it reads: "
            "\"Ferry Terminal\".");
  EXPECT_TRUE(p.at("analysis_ms").is_number());  // 12.0 is written as 12
  const boost::json::object& v = out.lines[1];
  EXPECT_EQ(v.at("kind").as_string(), "voice");
  EXPECT_EQ(v.at("mime").as_string(), "audio/wav");
  EXPECT_NEAR(v.at("duration_seconds").as_double(), 2.99, 0.01);
  EXPECT_NE(std::string(v.at("transcript").as_string()).find("young man"), std::string::npos);
}

TEST(MediaCommand, ReportsBadFilesAndGoesOn) {
  testing::TempDir dir;
  std::string text = (dir.path() / "notes.jpg").string();
  testing::WriteFileBytes(text, "not a photo\n");
  std::string photo = (dir.path() / "ok.png").string();
  testing::Shell("convert -size 40x40 xc:red " + testing::Quoted(photo));
  Output out =
      RunAnalyze(testing::Quoted(text) + " " + testing::Quoted(photo) + " /nonexistent.jpg");
  EXPECT_EQ(out.exit_code, 1);
  ASSERT_EQ(out.lines.size(), 3u);
  EXPECT_NE(std::string(out.lines[0].at("error").as_string()).find("unsupported file type"),
            std::string::npos);
  EXPECT_EQ(out.lines[1].at("kind").as_string(), "photo");
  EXPECT_EQ(out.lines[1].at("dominant_colours").as_array().at(0).as_string(), "red");
  EXPECT_TRUE(out.lines[2].contains("error"));
}

TEST(MediaCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(RunAnalyze("").exit_code, 2);
  EXPECT_EQ(RunAnalyze("--frobnicate x.jpg").exit_code, 2);
}

}  // namespace
}  // namespace chronotrail
