// Start-up: the command line, and settings from the environment that are refused before the
// server listens (exit code 2, naming the setting, so a deployment fails loudly and clearly).
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string>

#include "support/server_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

struct Setting {
  const char* name;
  const char* value;
};

std::ostream& operator<<(std::ostream& out, const Setting& setting) {
  return out << setting.name << "=" << setting.value;
}

class HttpStartupSettings : public ::testing::TestWithParam<Setting> {};

TEST_P(HttpStartupSettings, AnInvalidSettingStopsStartupWithExitCode2AndNamesIt) {
  TempDir data_dir;
  const Setting& bad = GetParam();
  CommandResult result = RunCommand({"serve"}, data_dir.path(),
                                    {{"HOST", "127.0.0.1"}, {"PORT", "0"}, {bad.name, bad.value}},
                                    std::chrono::seconds(10));
  ASSERT_FALSE(result.timed_out) << "the server kept running with " << bad;
  EXPECT_EQ(result.exit_code, 2) << "stderr: " << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(bad.name), std::string::npos)
      << "stderr does not name " << bad.name << ": " << result.stderr_text;
  EXPECT_EQ(result.stdout_text.find("\"listening\""), std::string::npos) << result.stdout_text;
}

INSTANTIATE_TEST_SUITE_P(
    , HttpStartupSettings,
    ::testing::Values(Setting{"PORT", "abc"}, Setting{"PORT", "70000"},
                      Setting{"CHRONOTRAIL_BOGUS", "1"}, Setting{"MAX_BODY_BYTES", "lots"},
                      Setting{"MAX_HEADER_BYTES", "-1"}, Setting{"HTTP_THREADS", "many"},
                      Setting{"READ_TIMEOUT_SECONDS", "soon"}, Setting{"IDLE_TIMEOUT_SECONDS", "-5"},
                      Setting{"ENABLE_API_DOCS", "maybe"}, Setting{"LOG_LEVEL", "loud"}),
    [](const ::testing::TestParamInfo<Setting>& info) {
      std::string name = std::string(info.param.name) + "_" + info.param.value;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(HttpCommandLine, HelpExitsZeroAndNamesTheCommands) {
  TempDir data_dir;
  CommandResult result = RunCommand({"--help"}, data_dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  for (const char* command : {"serve", "migrate", "token"}) {
    EXPECT_NE(result.stdout_text.find(command), std::string::npos)
        << "usage does not mention " << command << ":\n"
        << result.stdout_text;
  }
}

TEST(HttpCommandLine, AnUnknownCommandFails) {
  TempDir data_dir;
  CommandResult result = RunCommand({"frobnicate"}, data_dir.path());
  EXPECT_FALSE(result.timed_out);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_FALSE(result.stderr_text.empty());
}

}  // namespace
}  // namespace chronotrail::testing
