// Start-up: the command line, and settings from the environment that are refused before the
// server listens (exit code 2, naming the setting, so a deployment fails loudly and clearly).
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "support/child_process.h"
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
  Environment environment = {{"HOST", "127.0.0.1"}, {"PORT", "0"}};
  environment[bad.name] = bad.value;  // Replaces PORT=0 when PORT is the bad setting.
  ChildProcess server({CHRONOTRAIL_BINARY, "serve"},
                      CommandEnvironment(data_dir.path(), environment));
  // Returns at the listening line or at exit, whichever comes first.
  bool listened = server.wait_for_stdout(
      [](std::string_view log) { return log.find("\"listening\"") != std::string_view::npos; },
      std::chrono::seconds(10));
  ASSERT_FALSE(listened) << "the server started listening with " << bad;
  std::optional<int> exit_code = server.wait_for_exit(std::chrono::seconds(5));
  ASSERT_TRUE(exit_code.has_value()) << "the server neither listened nor exited with " << bad;
  EXPECT_EQ(*exit_code, 2) << "stderr: " << server.stderr_text();
  EXPECT_NE(server.stderr_text().find(bad.name), std::string::npos)
      << "stderr does not name " << bad.name << ": " << server.stderr_text();
}

INSTANTIATE_TEST_SUITE_P(
    , HttpStartupSettings,
    ::testing::Values(Setting{"PORT", "abc"}, Setting{"PORT", "70000"},
                      Setting{"CHRONOTRAIL_BOGUS", "1"}, Setting{"MAX_BODY_BYTES", "lots"},
                      Setting{"MAX_HEADER_BYTES", "-1"}, Setting{"HTTP_THREADS", "many"},
                      Setting{"READ_TIMEOUT_SECONDS", "soon"},
                      Setting{"IDLE_TIMEOUT_SECONDS", "-5"}, Setting{"ENABLE_API_DOCS", "maybe"},
                      Setting{"LOG_LEVEL", "loud"}),
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
