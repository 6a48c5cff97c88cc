// GET /api/v1/subscription: the tier in force, the one on record, and that tier's limits; a
// subscription that has expired leaves the user with the free tier's limits.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/shared_server_test.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSubscription = "/api/v1/subscription";
constexpr const char* kNotes = "/api/v1/notes";

struct TierLimits {
  const char* tier;
  int content_per_day;
  int queries_per_day;
  int history_months;
  int file_mb;
  int storage_mb;
};

const TierLimits kFree{"free", 3, 10, 3, 5, 100};
const TierLimits kPremium{"premium", 10, 50, 24, 25, 1024};
const TierLimits kPro{"pro", -1, -1, -1, 100, 10240};

class HttpSubscription : public SharedServerTest<HttpSubscription> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }

  // The subscription, which must be a 200.
  static boost::json::value Subscription(ApiClient& user) {
    HttpResponse response = user.get(kSubscription);
    EXPECT_TRUE(HasStatus(response, 200));
    return response.json();
  }

  // `chronotrail user set-tier`, run on the server's data directory while it serves.
  static void SetTier(const ApiClient& user, const std::string& tier, const std::string& until) {
    CommandResult result =
        RunCommand({"user", "set-tier", user.email(), tier, "--until", until}, server().data_dir());
    ASSERT_EQ(result.exit_code, 0) << "user set-tier " << user.email() << " " << tier << " --until "
                                   << until << "\nstderr: " << result.stderr_text;
  }

  // The limits of `limits.tier`, as the subscription lists them.
  static void ExpectLimitsOf(const boost::json::value& subscription, const TierLimits& limits) {
    SCOPED_TRACE(limits.tier);
    EXPECT_EQ(At(subscription, "daily_limits"),
              boost::json::value({{"content_limit", limits.content_per_day},
                                  {"query_limit", limits.queries_per_day}}));
    EXPECT_EQ(At(subscription, "query_history_months"), boost::json::value(limits.history_months));
    EXPECT_EQ(At(subscription, "max_file_size_mb"), boost::json::value(limits.file_mb));
    EXPECT_EQ(At(subscription, "max_storage_mb"), boost::json::value(limits.storage_mb));
  }
};

TEST_F(HttpSubscription, RequiresAToken) {
  EXPECT_TRUE(IsError(Anonymous().get(kSubscription), 401, "AUTHENTICATION_ERROR"));
  EXPECT_TRUE(IsError(Anonymous().get("/api/v1/usage/subscription"), 401, "AUTHENTICATION_ERROR"));
}

TEST_F(HttpSubscription, EachTierHasTheLimitsOfTheTable) {
  for (const TierLimits& limits : {kFree, kPremium, kPro}) {
    SCOPED_TRACE(limits.tier);
    ApiClient ana = NewUser(limits.tier);
    boost::json::value subscription = Subscription(ana);
    EXPECT_EQ(StringAt(subscription, "tier"), limits.tier);
    EXPECT_EQ(StringAt(subscription, "subscribed_tier"), limits.tier);
    EXPECT_TRUE(At(subscription, "expires_at").is_null()) << subscription;
    EXPECT_EQ(At(subscription, "storage_used_bytes"), boost::json::value(0));
    ExpectLimitsOf(subscription, limits);
  }
}

TEST_F(HttpSubscription, AnUnexpiredSubscriptionIsActive) {
  for (const char* tier : {"premium", "pro"}) {
    SCOPED_TRACE(tier);
    ApiClient ana = NewUser(tier);
    EXPECT_EQ(At(Subscription(ana), "active"), boost::json::value(true));
  }
}

TEST_F(HttpSubscription, TheUsageSubscriptionRouteGivesTheSameBody) {
  ApiClient ana = NewUser("premium");
  HttpResponse response = ana.get("/api/v1/usage/subscription");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(response.json(), Subscription(ana));
}

TEST_F(HttpSubscription, ASubscriptionUntilAFutureTimeIsInForceAndShowsItsEnd) {
  ApiClient ana = NewUser("free");
  SetTier(ana, "premium", "2099-01-01T00:00:00Z");
  boost::json::value subscription = Subscription(ana);
  EXPECT_EQ(StringAt(subscription, "tier"), "premium");
  EXPECT_EQ(StringAt(subscription, "subscribed_tier"), "premium");
  EXPECT_EQ(StringAt(subscription, "expires_at"), "2099-01-01T00:00:00Z");
  EXPECT_EQ(At(subscription, "active"), boost::json::value(true));
  ExpectLimitsOf(subscription, kPremium);
  EXPECT_EQ(StringAt(ana.get("/api/v1/auth/me").json(), "subscription_expires_at"),
            "2099-01-01T00:00:00Z");

  for (int i = 1; i <= 4; ++i) {
    SCOPED_TRACE("note " + std::to_string(i));
    HttpResponse note = ana.post(kNotes, RecentNote());
    ASSERT_TRUE(HasStatus(note, 201));
    EXPECT_TRUE(HasUsageHeaders(note, "10", std::to_string(10 - i)));
  }
}

TEST_F(HttpSubscription, ASubscriptionUntilAFutureDateIsInForce) {
  ApiClient ana = NewUser("free");
  SetTier(ana, "pro", DateText(LocalDate() + std::chrono::days(30)));
  boost::json::value subscription = Subscription(ana);
  EXPECT_EQ(StringAt(subscription, "tier"), "pro");
  EXPECT_EQ(At(subscription, "active"), boost::json::value(true));
  std::optional<Microseconds> expires_at = ParseIsoUtc(StringAt(subscription, "expires_at"));
  ASSERT_TRUE(expires_at) << subscription;
  EXPECT_GT(*expires_at, std::chrono::system_clock::now() + std::chrono::days(29)) << subscription;
  EXPECT_LT(*expires_at, std::chrono::system_clock::now() + std::chrono::days(32)) << subscription;
  ExpectLimitsOf(subscription, kPro);
}

TEST_F(HttpSubscription, AnExpiredSubscriptionLeavesTheUserOnTheFreeTier) {
  ApiClient ana = NewUser("premium");
  SetTier(ana, "premium", DateText(LocalDate() - std::chrono::days(7)));
  boost::json::value subscription = Subscription(ana);
  EXPECT_EQ(StringAt(subscription, "tier"), "free");
  EXPECT_EQ(StringAt(subscription, "subscribed_tier"), "premium");
  EXPECT_EQ(At(subscription, "active"), boost::json::value(false));
  std::optional<Microseconds> expires_at = ParseIsoUtc(StringAt(subscription, "expires_at"));
  ASSERT_TRUE(expires_at) << subscription;
  EXPECT_LT(*expires_at, std::chrono::system_clock::now()) << subscription;
  ExpectLimitsOf(subscription, kFree);
  EXPECT_EQ(StringAt(ana.get("/api/v1/usage").json(), "tier"), "free");
}

TEST_F(HttpSubscription, AnExpiredSubscriptionGetsTheFreeDailyLimit) {
  ApiClient ana = NewUser("premium");
  SetTier(ana, "premium", "2020-01-01T00:00:00Z");
  for (int i = 1; i <= 3; ++i) {
    SCOPED_TRACE("note " + std::to_string(i));
    HttpResponse note = ana.post(kNotes, RecentNote());
    ASSERT_TRUE(HasStatus(note, 201));
    EXPECT_TRUE(HasUsageHeaders(note, "3", std::to_string(3 - i)));
  }
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post(kNotes, RecentNote()), 3, "free"));
}

TEST_F(HttpSubscription, AnExpiredSubscriptionKeepsEveryRecord) {
  ApiClient ana = NewUser("premium");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(HasStatus(ana.post(kNotes, RecentNote()), 201));
  }
  SetTier(ana, "premium", "2020-01-01");
  HttpResponse list = ana.get(kNotes);
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_EQ(At(list.json(), "total"), boost::json::value(5));
}

TEST_F(HttpSubscription, AnExpiredSubscriptionNarrowsTheHistoryWithoutDeletingAnything) {
  ApiClient ana = NewUser("premium");
  std::string a_year_ago = IsoUtc(std::chrono::system_clock::now() - std::chrono::days(365));
  boost::json::object old_note = RecentNote();
  old_note["timestamp"] = a_year_ago;
  ASSERT_TRUE(HasStatus(ana.post(kNotes, old_note), 201));
  ASSERT_TRUE(HasStatus(ana.post(kNotes, RecentNote()), 201));
  ASSERT_EQ(At(ana.get(kNotes).json(), "total"), boost::json::value(2));

  SetTier(ana, "premium", "2020-01-01");
  EXPECT_EQ(At(ana.get(kNotes).json(), "total"), boost::json::value(1));
  EXPECT_TRUE(IsError(ana.get(std::string(kNotes) + "?end_date=" +
                              IsoUtc(std::chrono::system_clock::now() - std::chrono::days(182))),
                      403, "FORBIDDEN"));

  SetTier(ana, "premium", "2099-01-01");
  EXPECT_EQ(At(ana.get(kNotes).json(), "total"), boost::json::value(2));
}

TEST_F(HttpSubscription, RenewingAnExpiredSubscriptionRestoresItsTier) {
  ApiClient ana = NewUser("premium");
  SetTier(ana, "premium", "2020-01-01");
  ASSERT_EQ(StringAt(Subscription(ana), "tier"), "free");
  SetTier(ana, "premium", "2099-01-01");
  boost::json::value subscription = Subscription(ana);
  EXPECT_EQ(StringAt(subscription, "tier"), "premium");
  EXPECT_EQ(At(subscription, "active"), boost::json::value(true));
}

}  // namespace
}  // namespace chronotrail::testing
