// One user never sees, changes or deletes another's records, and cannot even tell they exist.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/record_kinds.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kAbsentId = "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a";

// An error body without its timestamp and with the requested id replaced by a placeholder.
std::string Anonymized(const HttpResponse& response, const std::string& id) {
  boost::json::value body = response.json();
  if (body.is_object()) body.as_object().erase("timestamp");
  std::string text = boost::json::serialize(body);
  for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at)) {
    text.replace(at, id.size(), "<id>");
  }
  return text;
}

class HttpIsolation : public SharedServerTest<HttpIsolation>,
                      public ::testing::WithParamInterface<RecordKind> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (HasFatalFailure()) return;
    ana_.emplace(NewUser());
    bob_.emplace(NewUser());
  }

  std::string Create(ApiClient& owner) {
    boost::json::object record = CreateRecord(owner, GetParam().collection, GetParam().valid());
    return std::string(record.at("id").as_string());
  }

  std::set<std::string> ListedIds(ApiClient& user) {
    boost::json::value page = user.get(GetParam().collection).json();
    std::set<std::string> ids;
    for (const boost::json::value& record : At(page, GetParam().list_key).as_array()) {
      ids.insert(StringAt(record, "id"));
    }
    return ids;
  }

  // The change a PUT on any record of this kind may carry.
  boost::json::object Change() const { return {{"address", "Somewhere Bob chose"}}; }

  std::optional<ApiClient> ana_;
  std::optional<ApiClient> bob_;
};

TEST_P(HttpIsolation, ListsShowOnlyTheCallersOwnRecords) {
  std::string ana_first = Create(*ana_);
  std::string ana_second = Create(*ana_);
  std::string bob_only = Create(*bob_);
  EXPECT_EQ(ListedIds(*ana_), (std::set<std::string>{ana_first, ana_second}));
  EXPECT_EQ(ListedIds(*bob_), (std::set<std::string>{bob_only}));
  EXPECT_EQ(At(ana_->get(GetParam().collection).json(), "total"), boost::json::value(2));
  EXPECT_EQ(At(bob_->get(GetParam().collection).json(), "total"), boost::json::value(1));
}

TEST_P(HttpIsolation, AnotherUsersRecordIsNotFound) {
  std::string id = Create(*ana_);
  EXPECT_TRUE(IsError(bob_->get(GetParam().path(id)), 404, "NOT_FOUND"));
}

TEST_P(HttpIsolation, AnotherUsersRecordCannotBeChangedOrDeletedAndStaysAsItWas) {
  std::string id = Create(*ana_);
  boost::json::value before = ana_->get(GetParam().path(id)).json();
  EXPECT_TRUE(IsError(bob_->put(GetParam().path(id), Change()), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(bob_->del(GetParam().path(id)), 404, "NOT_FOUND"));
  HttpResponse after = ana_->get(GetParam().path(id));
  ASSERT_TRUE(HasStatus(after, 200));
  EXPECT_EQ(after.json(), before);
}

TEST_P(HttpIsolation, AnotherUsersRecordLooksExactlyLikeOneThatDoesNotExist) {
  std::string id = Create(*ana_);
  HttpResponse foreign = bob_->get(GetParam().path(id));
  HttpResponse absent = bob_->get(GetParam().path(kAbsentId));
  ASSERT_TRUE(IsError(foreign, 404, "NOT_FOUND"));
  // Only the id asked for and the time may differ; anything else would tell Bob the id is taken.
  EXPECT_EQ(Anonymized(foreign, id), Anonymized(absent, kAbsentId));
}

INSTANTIATE_TEST_SUITE_P(, HttpIsolation, ::testing::Values(kVisits, kNotes), RecordKindName());

}  // namespace
}  // namespace chronotrail::testing
