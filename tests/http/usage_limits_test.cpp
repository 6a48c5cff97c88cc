// Daily limits on what a user creates: notes count as content (3 a day for free, 10 for premium,
// unlimited for pro), visits have a cap of their own, and a request over the limit is refused
// with 429 and stores nothing.
#include "support/usage_limits.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/api_assertions.h"
#include "support/child_process.h"
#include "support/json_access.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kNotes = "/api/v1/notes";
constexpr const char* kVisits = "/api/v1/locations";

std::int64_t Total(ApiClient& user, std::string_view collection) {
  HttpResponse response = user.get(collection);
  if (response.status != 200) return -1;
  return At(response.json(), "total").to_number<std::int64_t>();
}

std::int64_t ContentUsed(ApiClient& user) {
  HttpResponse response = user.get("/api/v1/usage");
  if (response.status != 200) return -1;
  return At(response.json(), "content.used").to_number<std::int64_t>();
}

// With the default limits of API.md.
class HttpUsageLimits : public SharedServerTest<HttpUsageLimits> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }

  // Posts `count` notes, each of which must be accepted with the usage headers of a tier whose
  // daily limit is `limit`.
  static void PostAcceptedNotes(ApiClient& user, int count, int limit) {
    for (int i = 1; i <= count; ++i) {
      SCOPED_TRACE("note " + std::to_string(i));
      HttpResponse response = user.post(kNotes, RecentNote());
      ASSERT_TRUE(HasStatus(response, 201));
      EXPECT_TRUE(HasUsageHeaders(response, std::to_string(limit), std::to_string(limit - i)));
    }
  }
};

TEST_F(HttpUsageLimits, AFreeUserCreatesThreeNotesADayCountingDownTheRemainder) {
  ApiClient ana = NewUser("free");
  PostAcceptedNotes(ana, 3, 3);
}

TEST_F(HttpUsageLimits, TheFourthNoteOfAFreeUserIsRefusedWith429AndNotStored) {
  ApiClient ana = NewUser("free");
  PostAcceptedNotes(ana, 3, 3);
  HttpResponse refused = ana.post(kNotes, RecentNote());
  EXPECT_TRUE(IsUsageLimitExceeded(refused, 3, "free"));
  EXPECT_EQ(Total(ana, kNotes), 3);
}

TEST_F(HttpUsageLimits, APremiumUserCreatesTenNotesADayAndTheEleventhIsRefused) {
  ApiClient ana = NewUser("premium");
  PostAcceptedNotes(ana, 10, 10);
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 10, "premium"));
  EXPECT_EQ(Total(ana, kNotes), 10);
}

TEST_F(HttpUsageLimits, AProUserHasNoDailyLimit) {
  ApiClient ana = NewUser("pro");
  for (int i = 1; i <= 12; ++i) {
    SCOPED_TRACE("note " + std::to_string(i));
    HttpResponse response = ana.post(kNotes, RecentNote());
    ASSERT_TRUE(HasStatus(response, 201));
    EXPECT_TRUE(HasUsageHeaders(response, "unlimited", "unlimited"));
  }
  EXPECT_EQ(Total(ana, kNotes), 12);
}

TEST_F(HttpUsageLimits, ARefusedNoteStaysRefusedAndDoesNotCountAsUsed) {
  ApiClient ana = NewUser("free");
  PostAcceptedNotes(ana, 3, 3);
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 3, "free"));
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 3, "free"));
  EXPECT_EQ(ContentUsed(ana), 3);
  EXPECT_EQ(Total(ana, kNotes), 3);
}

TEST_F(HttpUsageLimits, ANoteRejectedAsInvalidUsesNoQuota) {
  ApiClient ana = NewUser("free");
  boost::json::object invalid = RecentNote();
  invalid["text_content"] = "   ";
  EXPECT_TRUE(IsValidationErrorOn(ana.post(kNotes, invalid), {"text_content"}));
  EXPECT_EQ(ContentUsed(ana), 0);
  PostAcceptedNotes(ana, 3, 3);
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 3, "free"));
  EXPECT_EQ(Total(ana, kNotes), 3);
}

TEST_F(HttpUsageLimits, VisitsDoNotCountAsContent) {
  ApiClient ana = NewUser("free");
  for (int i = 1; i <= 5; ++i) {
    SCOPED_TRACE("visit " + std::to_string(i));
    HttpResponse response = ana.post(kVisits, RecentVisit());
    ASSERT_TRUE(HasStatus(response, 201));
    EXPECT_TRUE(HasUsageHeaders(response, "2000", std::to_string(2000 - i)));
  }
  EXPECT_EQ(ContentUsed(ana), 0);
  PostAcceptedNotes(ana, 3, 3);
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 3, "free"));
}

TEST_F(HttpUsageLimits, NotesDoNotCountAsVisits) {
  ApiClient ana = NewUser("free");
  PostAcceptedNotes(ana, 3, 3);
  HttpResponse visit = ana.post(kVisits, RecentVisit());
  ASSERT_TRUE(HasStatus(visit, 201));
  EXPECT_TRUE(HasUsageHeaders(visit, "2000", "1999"));
}

TEST_F(HttpUsageLimits, OneUsersQuotaIsNotAnothers) {
  ApiClient ana = NewUser("free");
  ApiClient bea = NewUser("free");
  PostAcceptedNotes(ana, 3, 3);
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 3, "free"));
  HttpResponse response = bea.post(kNotes, RecentNote());
  ASSERT_TRUE(HasStatus(response, 201));
  EXPECT_TRUE(HasUsageHeaders(response, "3", "2"));
}

TEST_F(HttpUsageLimits, RacingForTheLastUnitsOnlyAsManyNotesAsTheLimitSucceed) {
  constexpr int kRacers = 12;
  ApiClient ana = NewUser("free");
  // One connection per racer, opened before the start so the requests meet at the server.
  std::vector<ApiClient> racers;
  for (int i = 0; i < kRacers; ++i) racers.emplace_back(server().port(), ana.token(), ana.email());
  std::vector<HttpResponse> responses(kRacers);
  std::vector<std::string> failures(kRacers);
  std::latch start(kRacers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        responses[i] = racers[i].post(kNotes, RecentNote());
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  int created = 0;
  int refused = 0;
  for (int i = 0; i < kRacers; ++i) {
    SCOPED_TRACE("racer " + std::to_string(i));
    ASSERT_EQ(failures[i], "");
    if (responses[i].status == 201) {
      ++created;
    } else {
      EXPECT_TRUE(IsUsageLimitExceeded(responses[i], 3, "free"));
      ++refused;
    }
  }
  EXPECT_EQ(created, 3);
  EXPECT_EQ(refused, kRacers - 3);
  EXPECT_EQ(Total(ana, kNotes), 3);
  EXPECT_EQ(ContentUsed(ana), 3);
}

// With a visit cap small enough to reach.
class HttpUsageVisitCap : public SharedServerTest<HttpUsageVisitCap> {
 public:
  static Environment ServerEnvironment() { return {{"LIMIT_VISITS_PER_DAY", "2"}}; }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }

  static void PostAcceptedVisits(ApiClient& user) {
    for (int i = 1; i <= 2; ++i) {
      SCOPED_TRACE("visit " + std::to_string(i));
      HttpResponse response = user.post(kVisits, RecentVisit());
      ASSERT_TRUE(HasStatus(response, 201));
      EXPECT_TRUE(HasUsageHeaders(response, "2", std::to_string(2 - i)));
    }
  }
};

TEST_F(HttpUsageVisitCap, AVisitOverTheCapIsRefusedWith429AndNotStored) {
  ApiClient ana = NewUser("free");
  PostAcceptedVisits(ana);
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kVisits, RecentVisit()), 2, "free"));
  EXPECT_EQ(Total(ana, kVisits), 2);
}

TEST_F(HttpUsageVisitCap, TheVisitCapAppliesToEveryTier) {
  for (const char* tier : {"premium", "pro"}) {
    SCOPED_TRACE(tier);
    ApiClient ana = NewUser(tier);
    PostAcceptedVisits(ana);
    EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kVisits, RecentVisit()), 2, tier));
  }
}

TEST_F(HttpUsageVisitCap, NotesAreStillAllowedOnceTheVisitsAreUsedUp) {
  ApiClient ana = NewUser("free");
  PostAcceptedVisits(ana);
  HttpResponse note = ana.post(kNotes, RecentNote());
  ASSERT_TRUE(HasStatus(note, 201));
  EXPECT_TRUE(HasUsageHeaders(note, "3", "2"));
}

// With limits set by the operator instead of the defaults.
class HttpUsageConfiguredLimits : public SharedServerTest<HttpUsageConfiguredLimits> {
 public:
  static Environment ServerEnvironment() {
    return {{"LIMIT_FREE_CONTENT_PER_DAY", "1"}, {"LIMIT_PREMIUM_CONTENT_PER_DAY", "-1"},
            {"LIMIT_PRO_CONTENT_PER_DAY", "2"},  {"LIMIT_FREE_QUERIES_PER_DAY", "4"},
            {"LIMIT_FREE_HISTORY_MONTHS", "1"},  {"LIMIT_PRO_FILE_MB", "7"},
            {"LIMIT_PREMIUM_STORAGE_MB", "2048"}};
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }
};

TEST_F(HttpUsageConfiguredLimits, EachTiersContentLimitIsItsSetting) {
  ApiClient free_user = NewUser("free");
  HttpResponse note = free_user.post(kNotes, RecentNote());
  ASSERT_TRUE(HasStatus(note, 201));
  EXPECT_TRUE(HasUsageHeaders(note, "1", "0"));
  EXPECT_TRUE(IsUsageLimitExceeded(free_user.post(kNotes, RecentNote()), 1, "free"));

  ApiClient premium_user = NewUser("premium");
  for (int i = 1; i <= 11; ++i) {
    SCOPED_TRACE("premium note " + std::to_string(i));
    note = premium_user.post(kNotes, RecentNote());
    ASSERT_TRUE(HasStatus(note, 201));
    EXPECT_TRUE(HasUsageHeaders(note, "unlimited", "unlimited"));
  }

  ApiClient pro_user = NewUser("pro");
  for (int i = 1; i <= 2; ++i) ASSERT_TRUE(HasStatus(pro_user.post(kNotes, RecentNote()), 201));
  EXPECT_TRUE(IsUsageLimitExceeded(pro_user.post(kNotes, RecentNote()), 2, "pro"));
}

TEST_F(HttpUsageConfiguredLimits, TheReportsShowTheConfiguredLimits) {
  ApiClient free_user = NewUser("free");
  boost::json::value usage = free_user.get("/api/v1/usage").json();
  EXPECT_EQ(At(usage, "content.limit"), boost::json::value(1)) << usage;
  EXPECT_EQ(At(usage, "queries.limit"), boost::json::value(4)) << usage;
  boost::json::value subscription = free_user.get("/api/v1/subscription").json();
  EXPECT_EQ(At(subscription, "daily_limits"),
            boost::json::value({{"content_limit", 1}, {"query_limit", 4}}));
  EXPECT_EQ(At(subscription, "query_history_months"), boost::json::value(1));

  ApiClient premium_user = NewUser("premium");
  subscription = premium_user.get("/api/v1/subscription").json();
  EXPECT_EQ(At(subscription, "daily_limits.content_limit"), boost::json::value(-1));
  EXPECT_EQ(At(subscription, "max_storage_mb"), boost::json::value(2048));
  EXPECT_TRUE(At(premium_user.get("/api/v1/usage").json(), "content.limit").is_null());

  ApiClient pro_user = NewUser("pro");
  EXPECT_EQ(At(pro_user.get("/api/v1/subscription").json(), "max_file_size_mb"),
            boost::json::value(7));
}

TEST(HttpUsageSettings, ALimitThatIsNotANumberStopsStartupWithExitCode2AndNamesIt) {
  TempDir data_dir;
  ChildProcess server(
      {CHRONOTRAIL_BINARY, "serve"},
      CommandEnvironment(
          data_dir.path(),
          {{"HOST", "127.0.0.1"}, {"PORT", "0"}, {"LIMIT_FREE_CONTENT_PER_DAY", "lots"}}));
  bool listened = server.wait_for_stdout(
      [](std::string_view log) { return log.find("\"listening\"") != std::string_view::npos; },
      std::chrono::seconds(10));
  ASSERT_FALSE(listened) << "the server started listening";
  std::optional<int> exit_code = server.wait_for_exit(std::chrono::seconds(5));
  ASSERT_TRUE(exit_code.has_value()) << "the server neither listened nor exited";
  EXPECT_EQ(*exit_code, 2) << "stderr: " << server.stderr_text();
  EXPECT_NE(server.stderr_text().find("LIMIT_FREE_CONTENT_PER_DAY"), std::string::npos)
      << "stderr: " << server.stderr_text();
}

}  // namespace
}  // namespace chronotrail::testing
