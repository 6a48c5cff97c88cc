// The operator's `chronotrail user` commands: list and show users, and set a user's tier with an
// optional end, on the data directory of a server that keeps serving meanwhile.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kUnknownEmail = "nobody-at-all@example.com";

class HttpUserCommand : public SharedServerTest<HttpUserCommand> {
 protected:
  // `chronotrail user args...` on the server's data directory.
  static CommandResult User(std::vector<std::string> args) {
    args.insert(args.begin(), "user");
    return RunCommand(args, server().data_dir());
  }

  static std::string Explain(const CommandResult& result) {
    return "exit code " + std::to_string(result.exit_code) +
           (result.timed_out ? " (timed out)" : "") + "\nstdout: " + result.stdout_text +
           "\nstderr: " + result.stderr_text;
  }

  // The line of `text` that mentions `email`, or "" when none does.
  static std::string LineWith(const std::string& text, const std::string& email) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.find(email) != std::string::npos) return line;
    }
    return "";
  }

  static std::string TierOf(ApiClient& user) {
    return StringAt(user.get("/api/v1/auth/me").json(), "subscription_tier");
  }
};

TEST_F(HttpUserCommand, ListShowsEveryUserWithTheirTier) {
  ApiClient ana = NewUser("free");
  ApiClient bea = NewUser("pro");
  CommandResult result = User({"list"});
  ASSERT_EQ(result.exit_code, 0) << Explain(result);
  std::string ana_line = LineWith(result.stdout_text, ana.email());
  std::string bea_line = LineWith(result.stdout_text, bea.email());
  EXPECT_NE(ana_line.find("free"), std::string::npos) << Explain(result);
  EXPECT_NE(bea_line.find("pro"), std::string::npos) << Explain(result);
}

TEST_F(HttpUserCommand, ShowPrintsTheEmailTierAndExpiry) {
  ApiClient ana = NewUser("free");
  ASSERT_EQ(User({"set-tier", ana.email(), "premium", "--until", "2099-01-01T00:00:00Z"}).exit_code,
            0);
  CommandResult result = User({"show", ana.email()});
  ASSERT_EQ(result.exit_code, 0) << Explain(result);
  for (const std::string& field :
       {ana.email(), std::string("premium"), std::string("2099-01-01")}) {
    EXPECT_NE(result.stdout_text.find(field), std::string::npos)
        << "no " << field << " in " << Explain(result);
  }
}

TEST_F(HttpUserCommand, ShowOfAUserCreatedWithoutATierPrintsTheFreeTier) {
  std::string email = UniqueEmail();
  server().create_token(email);
  CommandResult result = User({"show", email});
  ASSERT_EQ(result.exit_code, 0) << Explain(result);
  EXPECT_NE(result.stdout_text.find(email), std::string::npos) << Explain(result);
  EXPECT_NE(result.stdout_text.find("free"), std::string::npos) << Explain(result);
}

TEST_F(HttpUserCommand, SetTierChangesTheTierTheRunningServerApplies) {
  ApiClient ana = NewUser("free");
  CommandResult result = User({"set-tier", ana.email(), "pro"});
  ASSERT_EQ(result.exit_code, 0) << Explain(result);
  EXPECT_EQ(TierOf(ana), "pro");
  EXPECT_EQ(StringAt(ana.get("/api/v1/subscription").json(), "tier"), "pro");
  HttpResponse note = ana.post(
      "/api/v1/notes", {{"text_content", "Upgraded"}, {"timestamp", "2024-03-12T09:14:00Z"}});
  ASSERT_TRUE(HasStatus(note, 201));
  EXPECT_EQ(note.header("X-Usage-Limit"), "unlimited");

  ASSERT_EQ(User({"set-tier", ana.email(), "free"}).exit_code, 0);
  EXPECT_EQ(TierOf(ana), "free");
}

TEST_F(HttpUserCommand, UntilTakesADateOrAnIsoTimeWithAnOffset) {
  ApiClient ana = NewUser("free");
  CommandResult date = User({"set-tier", ana.email(), "premium", "--until", "2099-06-01"});
  ASSERT_EQ(date.exit_code, 0) << Explain(date);
  boost::json::value profile = ana.get("/api/v1/auth/me").json();
  EXPECT_EQ(StringAt(profile, "subscription_tier"), "premium");
  // API.md leaves open which moment of the day a bare date names; it is that day either way.
  EXPECT_TRUE(StringAt(profile, "subscription_expires_at").starts_with("2099-06-0")) << profile;

  CommandResult time =
      User({"set-tier", ana.email(), "pro", "--until", "2099-06-01T12:00:00+02:00"});
  ASSERT_EQ(time.exit_code, 0) << Explain(time);
  profile = ana.get("/api/v1/auth/me").json();
  EXPECT_EQ(StringAt(profile, "subscription_tier"), "pro");
  EXPECT_EQ(StringAt(profile, "subscription_expires_at"), "2099-06-01T10:00:00Z");
}

TEST_F(HttpUserCommand, AnUnknownEmailFailsWithExitCode1AndAMessage) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"show", kUnknownEmail},
        std::vector<std::string>{"set-tier", kUnknownEmail, "pro"}}) {
    SCOPED_TRACE(args.front());
    CommandResult result = User(args);
    EXPECT_EQ(result.exit_code, 1) << Explain(result);
    EXPECT_FALSE(result.stderr_text.empty()) << Explain(result);
  }
}

TEST_F(HttpUserCommand, AnUnknownTierFailsWithExitCode2AndChangesNothing) {
  ApiClient ana = NewUser("premium");
  CommandResult result = User({"set-tier", ana.email(), "gold"});
  EXPECT_EQ(result.exit_code, 2) << Explain(result);
  EXPECT_FALSE(result.stderr_text.empty()) << Explain(result);
  EXPECT_EQ(TierOf(ana), "premium");
}

TEST_F(HttpUserCommand, BadUsageFailsWithExitCode2) {
  ApiClient ana = NewUser("premium");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{}, std::vector<std::string>{"frobnicate"},
        std::vector<std::string>{"show"}, std::vector<std::string>{"set-tier", ana.email()},
        std::vector<std::string>{"set-tier", ana.email(), "pro", "--until"},
        std::vector<std::string>{"set-tier", ana.email(), "pro", "--until", "next week"},
        std::vector<std::string>{"set-tier", ana.email(), "pro", "--forever"}}) {
    std::string command = "user";
    for (const std::string& arg : args) command += " " + arg;
    SCOPED_TRACE(command);
    EXPECT_EQ(User(args).exit_code, 2);
  }
  EXPECT_EQ(TierOf(ana), "premium");
}

}  // namespace
}  // namespace chronotrail::testing
