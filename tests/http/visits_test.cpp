// Location visits: create, read, update, delete, and the rules only visits have.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/payloads.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kVisits = "/api/v1/locations";
constexpr const char* kAbsentId = "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a";

class HttpVisits : public SharedServerTest<HttpVisits> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (!HasFatalFailure()) ana_.emplace(NewUser());
  }

  static std::string VisitPath(std::string_view id) {
    return std::string(kVisits) + "/" + std::string(id);
  }

  // A visit with every field set, and the id it got.
  std::string CreateFullVisit() {
    boost::json::object body = {{"visit_time", "2024-03-12T09:14:00Z"},
                                {"longitude", -9.1393},
                                {"latitude", 38.7223},
                                {"address", "Rua Augusta 1, Lisboa"},
                                {"names", boost::json::array{"Arco da Rua Augusta"}},
                                {"duration", 45},
                                {"description", "Coffee with Rui"}};
    return std::string(CreateRecord(*ana_, kVisits, body).at("id").as_string());
  }

  boost::json::value Read(const std::string& id) { return ana_->get(VisitPath(id)).json(); }

  std::optional<ApiClient> ana_;
};

TEST_F(HttpVisits, CreateAnswers201WithEveryFieldAsStored) {
  std::string user_id = StringAt(ana_->get("/api/v1/auth/me").json(), "id");
  HttpResponse response =
      ana_->post(kVisits, {{"visit_time", "2024-03-12T09:14:00+01:00"},
                           {"longitude", -9.1393},
                           {"latitude", 38.7223},
                           {"address", "Rua Augusta 1, Lisboa"},
                           {"names", boost::json::array{"  Arco da Rua Augusta ", "Baixa"}},
                           {"duration", 45},
                           {"description", "Coffee with Rui"}});
  ASSERT_TRUE(HasStatus(response, 201));
  EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
  EXPECT_TRUE(response.has_header("X-Request-Id"));
  boost::json::value visit = response.json();
  EXPECT_TRUE(IsLowerCaseUuid(At(visit, "id")));
  EXPECT_EQ(StringAt(visit, "user_id"), user_id);
  EXPECT_DOUBLE_EQ(At(visit, "longitude").to_number<double>(), -9.1393);
  EXPECT_DOUBLE_EQ(At(visit, "latitude").to_number<double>(), 38.7223);
  EXPECT_EQ(StringAt(visit, "address"), "Rua Augusta 1, Lisboa");
  EXPECT_EQ(At(visit, "names"),
            boost::json::value(boost::json::array{"Arco da Rua Augusta", "Baixa"}));
  EXPECT_EQ(StringAt(visit, "visit_time"), "2024-03-12T08:14:00Z");
  EXPECT_EQ(At(visit, "duration"), boost::json::value(45));
  EXPECT_EQ(StringAt(visit, "description"), "Coffee with Rui");
  EXPECT_TRUE(IsIsoUtc(At(visit, "created_at")));
  EXPECT_TRUE(IsIsoUtc(At(visit, "updated_at")));
}

TEST_F(HttpVisits, AVisitReadsBackExactlyAsCreated) {
  HttpResponse created = ana_->post(kVisits, ValidVisit());
  ASSERT_TRUE(HasStatus(created, 201));
  HttpResponse read = ana_->get(VisitPath(StringAt(created.json(), "id")));
  ASSERT_TRUE(HasStatus(read, 200));
  EXPECT_EQ(read.json(), created.json());
}

TEST_F(HttpVisits, OptionalFieldsLeftOutAreNull) {
  HttpResponse response =
      ana_->post(kVisits, {{"visit_time", "2024-03-12T09:14:00Z"}, {"address", "Rua Augusta 1"}});
  ASSERT_TRUE(HasStatus(response, 201));
  boost::json::value visit = response.json();
  for (const char* field : {"longitude", "latitude", "duration", "description"}) {
    EXPECT_TRUE(At(visit, field).is_null()) << field << " in " << visit;
  }
}

TEST_F(HttpVisits, CoordinatesOrAnAddressOrNamesAloneAreEnough) {
  EXPECT_TRUE(HasStatus(ana_->post(kVisits, {{"visit_time", "2024-03-12T09:14:00Z"},
                                             {"longitude", 2.2945},
                                             {"latitude", 48.8584}}),
                        201));
  EXPECT_TRUE(HasStatus(
      ana_->post(kVisits, {{"visit_time", "2024-03-12T09:14:00Z"}, {"address", "Champ de Mars"}}),
      201));
  EXPECT_TRUE(HasStatus(ana_->post(kVisits, {{"visit_time", "2024-03-12T09:14:00Z"},
                                             {"names", boost::json::array{"Tour Eiffel"}}}),
                        201));
}

TEST_F(HttpVisits, AVisitWithoutCoordinatesAddressOrNamesIsRejected) {
  HttpResponse response = ana_->post(
      kVisits, {{"visit_time", "2024-03-12T09:14:00Z"}, {"duration", 30}, {"description", "Lost"}});
  EXPECT_TRUE(IsError(response, 400, "VALIDATION_ERROR"));
  EXPECT_FALSE(ErrorFields(response).empty()) << Describe(response);
}

TEST_F(HttpVisits, DurationMustBeAWholeNumberOfMinutesFromZero) {
  boost::json::object body = ValidVisit();
  body["duration"] = 0;
  EXPECT_TRUE(HasStatus(ana_->post(kVisits, body), 201));
  body["duration"] = -1;
  EXPECT_TRUE(IsValidationErrorOn(ana_->post(kVisits, body), {"duration"}));
  body["duration"] = 1.5;
  EXPECT_TRUE(IsValidationErrorOn(ana_->post(kVisits, body), {"duration"}));
  body["duration"] = "30";
  EXPECT_TRUE(IsValidationErrorOn(ana_->post(kVisits, body), {"duration"}));
}

TEST_F(HttpVisits, DescriptionMayHave5000CharactersButNotMore) {
  boost::json::object body = ValidVisit();
  body["description"] = std::string(5000, 'd');
  HttpResponse accepted = ana_->post(kVisits, body);
  ASSERT_TRUE(HasStatus(accepted, 201));
  EXPECT_EQ(StringAt(accepted.json(), "description"), std::string(5000, 'd'));
  body["description"] = std::string(5001, 'd');
  EXPECT_TRUE(IsValidationErrorOn(ana_->post(kVisits, body), {"description"}));
}

TEST_F(HttpVisits, EveryBadFieldIsReportedAtOnce) {
  boost::json::object body = ValidVisit();
  body["latitude"] = 91;
  body["duration"] = -5;
  body["description"] = std::string(5001, 'd');
  HttpResponse response = ana_->post(kVisits, body);
  ASSERT_TRUE(IsError(response, 400, "VALIDATION_ERROR"));
  std::vector<std::string> fields = ErrorFields(response);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"description", "duration", "latitude"}))
      << Describe(response);
  boost::json::value error = response.json();
  for (const boost::json::value& entry : At(error, "details.errors").as_array()) {
    EXPECT_FALSE(StringAt(entry, "message").empty()) << entry;
  }
}

TEST_F(HttpVisits, PutChangesOnlyTheFieldsItSends) {
  std::string id = CreateFullVisit();
  boost::json::value before = Read(id);
  HttpResponse response = ana_->put(VisitPath(id), {{"description", "Long lunch"}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::object expected = before.as_object();
  expected["description"] = "Long lunch";
  boost::json::object after = response.json().as_object();
  expected["updated_at"] = after["updated_at"];  // Checked by its own test.
  EXPECT_EQ(boost::json::value(after), boost::json::value(expected));
  EXPECT_EQ(Read(id), boost::json::value(after));
}

TEST_F(HttpVisits, PutWithNullClearsAField) {
  std::string id = CreateFullVisit();
  HttpResponse response = ana_->put(
      VisitPath(id), {{"address", nullptr}, {"duration", nullptr}, {"description", nullptr}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value visit = Read(id);
  EXPECT_TRUE(At(visit, "address").is_null()) << visit;
  EXPECT_TRUE(At(visit, "duration").is_null()) << visit;
  EXPECT_TRUE(At(visit, "description").is_null()) << visit;
  EXPECT_EQ(At(visit, "names"), boost::json::value(boost::json::array{"Arco da Rua Augusta"}));
  EXPECT_EQ(visit, response.json());
}

TEST_F(HttpVisits, PutStoresNamesTrimmed) {
  std::string id = CreateFullVisit();
  HttpResponse response =
      ana_->put(VisitPath(id), {{"names", boost::json::array{"  Baixa ", "Chiado"}}});
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(At(Read(id), "names"), boost::json::value(boost::json::array{"Baixa", "Chiado"}));
}

TEST_F(HttpVisits, PutFollowsTheSameRulesAndARejectedPutChangesNothing) {
  std::string id = CreateFullVisit();
  boost::json::value before = Read(id);
  EXPECT_TRUE(IsValidationErrorOn(
      ana_->put(VisitPath(id), {{"description", "Changed"}, {"duration", -1}}), {"duration"}));
  EXPECT_TRUE(IsValidationErrorOn(ana_->put(VisitPath(id), {{"names", boost::json::array{" "}}}),
                                  {"names"}));
  EXPECT_TRUE(IsValidationErrorOn(ana_->put(VisitPath(id), {{"address", std::string(1001, 'a')}}),
                                  {"address"}));
  EXPECT_TRUE(IsValidationErrorOn(
      ana_->put(VisitPath(id), {{"description", std::string(5001, 'd')}}), {"description"}));
  EXPECT_EQ(Read(id), before);
}

TEST_F(HttpVisits, PutMovesUpdatedAtForwardAndKeepsCreatedAt) {
  std::string id = CreateFullVisit();
  boost::json::value before = Read(id);
  SleepIntoNextSecond();
  HttpResponse response = ana_->put(VisitPath(id), {{"duration", 60}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value after = response.json();
  EXPECT_EQ(StringAt(after, "created_at"), StringAt(before, "created_at"));
  std::optional<Microseconds> updated_before = ParseIsoUtc(StringAt(before, "updated_at"));
  std::optional<Microseconds> updated_after = ParseIsoUtc(StringAt(after, "updated_at"));
  ASSERT_TRUE(updated_before && updated_after) << before << "\n" << after;
  EXPECT_GT(*updated_after, *updated_before) << before << "\n" << after;
}

TEST_F(HttpVisits, DeleteAnswers204AndTheVisitIsGone) {
  std::string id = CreateFullVisit();
  HttpResponse response = ana_->del(VisitPath(id));
  EXPECT_TRUE(HasStatus(response, 204));
  EXPECT_EQ(response.body, "");
  EXPECT_TRUE(response.has_header("X-Request-Id"));
  EXPECT_TRUE(IsError(ana_->get(VisitPath(id)), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->del(VisitPath(id)), 404, "NOT_FOUND"));
  EXPECT_EQ(At(ana_->get(kVisits).json(), "total"), boost::json::value(0));
}

TEST_F(HttpVisits, AnIdThatDoesNotExistIsNotFound) {
  std::string path = VisitPath(kAbsentId);
  EXPECT_TRUE(IsError(ana_->get(path), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->put(path, {{"description", "x"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->del(path), 404, "NOT_FOUND"));
}

TEST_F(HttpVisits, AMalformedIdIsSimplyNotFound) {
  for (const char* id : {"not-a-uuid", "42", "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a-extra"}) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(IsError(ana_->get(VisitPath(id)), 404, "NOT_FOUND"));
    EXPECT_TRUE(IsError(ana_->put(VisitPath(id), {{"description", "x"}}), 404, "NOT_FOUND"));
    EXPECT_TRUE(IsError(ana_->del(VisitPath(id)), 404, "NOT_FOUND"));
  }
}

}  // namespace
}  // namespace chronotrail::testing
