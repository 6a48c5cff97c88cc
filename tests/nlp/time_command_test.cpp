// `chronotrail nlp time --jsonl` as a user runs it: JSON lines in on stdin, one line out for each.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace chronotrail {
namespace {

struct Output {
  std::string text;
  int exit_code = -1;
};

// Runs the binary through the shell with `input` on stdin (written to a temp file first).
Output RunWithInput(const std::string& args, const std::string& input) {
  char path[] = "/tmp/chronotrail-nlp-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  FILE* f = fdopen(fd, "w");
  std::fputs(input.c_str(), f);
  std::fclose(f);
  std::string command = std::string(CHRONOTRAIL_BINARY) + " " + args + " < " + path;
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.text.append(buffer, n);
  int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::remove(path);
  return out;
}

TEST(TimeExpressionCommand, AnswersEachLineInOrder) {
  Output out =
      RunWithInput("nlp time --jsonl",
                   "{\"text\": \"next monday\", \"reference\": \"2013-02-12T04:30:00-02:00\"}\n"
                   "{\"text\": \"from 2 to 5 pm\", \"reference\": \"2013-02-12T04:30:00+01:00\"}\n"
                   "{\"text\": \"no time here\", \"reference\": \"2013-02-12T04:30:00-02:00\"}\n");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.text,
            "{\"kind\":\"instant\",\"grain\":\"day\",\"value\":\"2013-02-18T00:00:00-02:00\"}\n"
            "{\"kind\":\"interval\",\"grain\":\"hour\",\"from\":\"2013-02-12T14:00:00+01:00\","
            "\"to\":\"2013-02-12T18:00:00+01:00\"}\n"
            "{\"kind\":\"none\"}\n");
}

TEST(TimeExpressionCommand, ABadLineGetsAnErrorLineAndTheStreamGoesOn) {
  Output out = RunWithInput("nlp time --jsonl",
                            "not json\n"
                            "{\"text\": \"today\"}\n"
                            "{\"text\": \"today\", \"reference\": \"2013-02-12T04:30:00Z\"}\n");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(out.text,
            "{\"error\":\"line is not a JSON object\"}\n"
            "{\"error\":\"\\\"text\\\" and \\\"reference\\\" must be strings\"}\n"
            "{\"kind\":\"instant\",\"grain\":\"day\",\"value\":\"2013-02-12T00:00:00+00:00\"}\n");
}

TEST(TimeExpressionCommand, HelpSaysHowIntervalsEnd) {
  Output out = RunWithInput("nlp time --help", "");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.text.find("--jsonl"), std::string::npos);
  EXPECT_NE(out.text.find("exclusive"), std::string::npos);
}

}  // namespace
}  // namespace chronotrail
