// UsageService: tiers in force, the user's day, the history window and the 429 it raises.
#include "services/usage.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/fixed_clock.h"

namespace chronotrail {
namespace {

using testing::FixedClock;

class UsageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ct-usage-" + NewId());
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteStore>((dir_ / "t.db").string(), 2);
    store_->Migrate();
    usage_ = std::make_unique<UsageService>(*store_, limits_, clock_);
  }
  void TearDown() override {
    usage_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  User MakeUser(Tier tier, std::optional<std::string> tz = std::nullopt) {
    User u;
    u.id = NewId();
    u.email = u.id + "@example.com";
    u.auth_issuer = "chronotrail-local";
    u.auth_subject = u.email;
    u.tier = tier;
    u.timezone = std::move(tz);
    return store_->FindOrCreateUser(u);
  }

  FixedClock clock_{"2026-11-26T23:30:00Z"};
  UsageLimits limits_;
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<UsageService> usage_;
};

TEST_F(UsageTest, TheDayIsTheUsersLocalCalendarDay) {
  UsageDay utc = usage_->Today(MakeUser(Tier::kFree));
  EXPECT_EQ(utc.date, "2026-11-26");
  EXPECT_EQ(FormatIsoTime(utc.resets_at), "2026-11-27T00:00:00Z");

  // Lisbon is on UTC in November: still the 26th.
  UsageDay lisbon = usage_->Today(MakeUser(Tier::kFree, "Europe/Lisbon"));
  EXPECT_EQ(lisbon.date, "2026-11-26");

  // ...but it is the 27th in Berlin (UTC+1), whose day ends at 23:00 UTC on the 27th.
  UsageDay berlin = usage_->Today(MakeUser(Tier::kFree, "Europe/Berlin"));
  EXPECT_EQ(berlin.date, "2026-11-27");
  EXPECT_EQ(FormatIsoTime(berlin.starts_at), "2026-11-26T23:00:00Z");
  EXPECT_EQ(FormatIsoTime(berlin.resets_at), "2026-11-27T23:00:00Z");

  // And still the 26th in New York (UTC-5), resetting at 05:00 UTC.
  UsageDay ny = usage_->Today(MakeUser(Tier::kFree, "America/New_York"));
  EXPECT_EQ(ny.date, "2026-11-26");
  EXPECT_EQ(FormatIsoTime(ny.resets_at), "2026-11-27T05:00:00Z");
}

TEST_F(UsageTest, CountersResetAtLocalMidnight) {
  User ana = MakeUser(Tier::kFree, "Europe/Berlin");
  clock_.now = *ParseIsoTime("2026-11-26T22:59:59Z");  // 23:59:59 in Berlin
  UsageDay before = usage_->Today(ana);
  clock_.now = *ParseIsoTime("2026-11-26T23:00:00Z");  // 00:00 in Berlin
  UsageDay after = usage_->Today(ana);
  EXPECT_EQ(before.date, "2026-11-26");
  EXPECT_EQ(after.date, "2026-11-27");
  EXPECT_EQ(before.resets_at, after.starts_at);
}

TEST_F(UsageTest, ADaylightSavingDayIsTwentyThreeHoursLong) {
  User ana = MakeUser(Tier::kFree, "Europe/Berlin");
  clock_.now = *ParseIsoTime("2026-03-29T12:00:00Z");  // clocks go forward at 02:00 local
  UsageDay day = usage_->Today(ana);
  EXPECT_EQ(day.resets_at - day.starts_at, 23 * 3600 * kMicrosPerSecond);
}

TEST_F(UsageTest, AnExpiredSubscriptionFallsBackToFree) {
  User ana = MakeUser(Tier::kPremium);
  EXPECT_EQ(usage_->EffectiveTier(ana), Tier::kPremium);
  ana.subscription_expires_at = clock_.now + kMicrosPerSecond;
  EXPECT_EQ(usage_->EffectiveTier(ana), Tier::kPremium);
  ana.subscription_expires_at = clock_.now;
  EXPECT_EQ(usage_->EffectiveTier(ana), Tier::kFree);
  EXPECT_EQ(usage_->LimitsFor(ana).content_per_day, 3);
}

TEST_F(UsageTest, HistoryReachesBackCalendarMonthsFromTheStartOfToday) {
  clock_.now = *ParseIsoTime("2026-05-31T10:00:00Z");
  EXPECT_EQ(FormatIsoTime(*usage_->EarliestAllowed(MakeUser(Tier::kFree))),
            "2026-02-28T00:00:00Z");  // 31 May − 3 months: the end of February
  EXPECT_EQ(FormatIsoTime(*usage_->EarliestAllowed(MakeUser(Tier::kPremium))),
            "2024-05-31T00:00:00Z");
  EXPECT_FALSE(usage_->EarliestAllowed(MakeUser(Tier::kPro)));
}

TEST_F(UsageTest, ARefusedChargeRaisesUsageLimitExceededWithTheDetails) {
  User ana = MakeUser(Tier::kFree);
  UsageDay day = usage_->Today(ana);
  UsageCharge charge = usage_->ChargeFor(ana, UsageKind::kContent, day);
  EXPECT_EQ(charge.limit, 3);
  EXPECT_EQ(usage_->ChargeFor(ana, UsageKind::kVisit, day).limit, 2000);
  try {
    usage_->Settle(ana, charge, ChargeResult{false, 3}, day);
    FAIL() << "expected a 429";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsageLimit);
    EXPECT_EQ(StatusOf(e.kind()), 429);
    EXPECT_EQ(e.details().at("limit").as_int64(), 3);
    EXPECT_EQ(e.details().at("used").as_int64(), 3);
    EXPECT_EQ(e.details().at("tier").as_string(), "free");
    EXPECT_EQ(e.details().at("resets_at").as_string(), "2026-11-27T00:00:00Z");
    EXPECT_EQ(e.retry_after(), 30 * 60);
  }
  UsageStatus ok = usage_->Settle(ana, charge, ChargeResult{true, 2}, day);
  EXPECT_EQ(ok.used, 2);
  EXPECT_EQ(ok.limit, 3);
}

TEST_F(UsageTest, ReportShowsTodaysCountersAndTheLimitsInForce) {
  User ana = MakeUser(Tier::kPro);
  UsageDay day = usage_->Today(ana);
  Note n;
  n.id = NewId();
  n.user_id = ana.id;
  n.text = std::string(1, 'x');  // GCC 12 warns wrongly about assigning "x" here
  store_->InsertNote(n, usage_->ChargeFor(ana, UsageKind::kContent, day));
  UsageService::Report r = usage_->TodayReport(ana);
  EXPECT_EQ(r.used.content, 1);
  EXPECT_EQ(r.content_limit, kUnlimited);
  EXPECT_EQ(r.tier, Tier::kPro);
}

}  // namespace
}  // namespace chronotrail
