// TimelineService rules, on a real SQLite store with a fixed clock.
#include "services/timeline.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/fixed_clock.h"

namespace chronotrail {
namespace {

using testing::FixedClock;

std::vector<std::string> FieldsOf(const ApiError& e) {
  std::vector<std::string> out;
  for (const auto& item : e.details().at("errors").as_array()) {
    out.emplace_back(item.at("field").as_string());
  }
  return out;
}

class TimelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ct-timeline-" + NewId());
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteStore>((dir_ / "t.db").string(), 2);
    store_->Migrate();
    User u;
    u.id = NewId();
    u.email = "ana@example.com";
    u.auth_issuer = "chronotrail-local";
    u.auth_subject = u.email;
    u.tier = Tier::kPro;  // the limits of lower tiers are tested in usage_test.cpp
    user_ = store_->FindOrCreateUser(u);
    usage_ = std::make_unique<UsageService>(*store_, limits_, clock_);
    timeline_ = std::make_unique<TimelineService>(*store_, *usage_, clock_);
  }
  void TearDown() override {
    timeline_.reset();
    usage_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Runs `f`, which must throw a validation error, and returns the fields it names.
  template <class F>
  std::vector<std::string> RejectedFields(F f) {
    try {
      f();
    } catch (const ApiError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kValidation);
      return FieldsOf(e);
    }
    ADD_FAILURE() << "no validation error";
    return {};
  }

  FixedClock clock_{"2024-06-01T12:00:00Z"};
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  UsageLimits limits_;
  std::unique_ptr<UsageService> usage_;
  std::unique_ptr<TimelineService> timeline_;
  User user_;
};

TEST_F(TimelineTest, CreatesAVisitWithTrimmedNames) {
  VisitInput in;
  in.visit_time = clock_.now - kMicrosPerDay;
  in.place.longitude = -122.4194155;
  in.place.latitude = 37.7749295;
  in.place.names = std::vector<std::string>{"  Blue Bottle  "};
  in.duration = 25;
  Visit v = timeline_->CreateVisit(user_, std::move(in)).value;
  EXPECT_EQ(v.place.names, (std::vector<std::string>{"Blue Bottle"}));
  EXPECT_EQ(v.created_at, clock_.now);
  EXPECT_EQ(timeline_->GetVisit(user_, v.id).duration_minutes, 25);
}

TEST_F(TimelineTest, NamesEveryBadVisitFieldAtOnce) {
  VisitInput in;
  in.visit_time = clock_.now + 3600 * kMicrosPerSecond;
  in.place.longitude = 181;
  in.place.address = std::string(1001, 'a');
  in.duration = -5;
  in.description = std::string(5001, 'd');
  auto fields = RejectedFields([&] { timeline_->CreateVisit(user_, std::move(in)); });
  EXPECT_EQ(fields, (std::vector<std::string>{"visit_time", "longitude", "latitude", "address",
                                              "duration", "description"}));
  EXPECT_EQ(store_->ListVisits(user_.id, {}, {}).total, 0);
}

TEST_F(TimelineTest, AVisitNeedsSomewhere) {
  VisitInput in;
  in.visit_time = clock_.now;
  EXPECT_EQ(RejectedFields([&] { timeline_->CreateVisit(user_, std::move(in)); }),
            (std::vector<std::string>{"longitude"}));
}

TEST_F(TimelineTest, NoteTextIsTrimmedAndBounded) {
  NoteInput in;
  in.text = "  remember the milk \n";
  in.timestamp = clock_.now;
  EXPECT_EQ(timeline_->CreateNote(user_, std::move(in)).value.text, "remember the milk");

  NoteInput blank;
  blank.text = " \t ";
  EXPECT_EQ(RejectedFields([&] { timeline_->CreateNote(user_, std::move(blank)); }),
            (std::vector<std::string>{"text_content", "timestamp"}));

  NoteInput padded;  // 10000 characters after trimming is fine
  padded.text = "  " + std::string(10000, 'x') + "  ";
  padded.timestamp = clock_.now;
  EXPECT_NO_THROW(timeline_->CreateNote(user_, std::move(padded)));
  NoteInput too_long;
  too_long.text = std::string(10001, 'x');
  too_long.timestamp = clock_.now;
  EXPECT_EQ(RejectedFields([&] { timeline_->CreateNote(user_, std::move(too_long)); }),
            (std::vector<std::string>{"text_content"}));
}

TEST_F(TimelineTest, UpdateKeepsAbsentFieldsAndClearsNulls) {
  VisitInput in;
  in.visit_time = clock_.now;
  in.place.address = "1 Rua Augusta";
  in.place.names = std::vector<std::string>{"Café"};
  in.description = "espresso";
  Visit v = timeline_->CreateVisit(user_, std::move(in)).value;
  clock_.now += kMicrosPerSecond;

  VisitChanges changes;
  changes.description = std::optional<std::string>();  // null: clear
  changes.duration = std::optional<std::int64_t>(40);
  Visit updated = timeline_->UpdateVisit(user_, v.id, std::move(changes));
  EXPECT_FALSE(updated.description);
  EXPECT_EQ(updated.duration_minutes, 40);
  EXPECT_EQ(updated.place.address, "1 Rua Augusta");
  EXPECT_EQ(updated.place.names, (std::vector<std::string>{"Café"}));
  EXPECT_EQ(updated.updated_at, clock_.now);
  EXPECT_EQ(updated.created_at, v.created_at);
}

TEST_F(TimelineTest, NoteCoordinatesChangeAsAPair) {
  NoteInput in;
  in.text = "x";
  in.timestamp = clock_.now;
  in.place.longitude = 1.0;
  in.place.latitude = 2.0;
  Note n = timeline_->CreateNote(user_, std::move(in)).value;

  NoteChanges only_one;
  only_one.longitude = std::optional<double>(3.0);
  EXPECT_EQ(RejectedFields([&] { timeline_->UpdateNote(user_, n.id, std::move(only_one)); }),
            (std::vector<std::string>{"latitude"}));

  NoteChanges clear;
  clear.longitude = std::optional<double>();
  clear.latitude = std::optional<double>();
  EXPECT_FALSE(timeline_->UpdateNote(user_, n.id, std::move(clear)).place.coordinates);
}

TEST_F(TimelineTest, MalformedOrForeignIdsAreNotFound) {
  EXPECT_THROW(timeline_->GetVisit(user_, "../../etc/passwd"), ApiError);
  EXPECT_THROW(timeline_->GetNote(user_, NewId()), ApiError);
  EXPECT_THROW(timeline_->DeleteNote(user_, NewId()), ApiError);
}

TEST_F(TimelineTest, ListBoundsAreChecked) {
  ListInput bad;
  bad.page = 0;
  bad.page_size = 101;
  bad.start = 10;
  bad.end = 5;
  EXPECT_EQ(RejectedFields([&] { TimelineService::CheckList(std::move(bad)); }),
            (std::vector<std::string>{"page", "page_size", "start_date"}));
  ListQuery q = TimelineService::CheckList({});
  EXPECT_EQ(q.page.page, 1);
  EXPECT_EQ(q.page.page_size, 20);
}

}  // namespace
}  // namespace chronotrail
