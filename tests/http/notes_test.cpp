// Text notes: create, read, update, delete, and the rules of their text and time.
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

constexpr const char* kNotes = "/api/v1/notes";
constexpr const char* kAbsentId = "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a";

class HttpNotes : public SharedServerTest<HttpNotes> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (!HasFatalFailure()) ana_.emplace(NewUser());
  }

  static std::string NotePath(std::string_view id) {
    return std::string(kNotes) + "/" + std::string(id);
  }

  // A note with every field set, and the id it got.
  std::string CreateFullNote() {
    boost::json::object body = {{"text_content", "Pastéis de nata, still warm"},
                                {"timestamp", "2024-03-12T09:14:00Z"},
                                {"longitude", -9.2033},
                                {"latitude", 38.6975},
                                {"address", "Rua de Belém 84"},
                                {"names", boost::json::array{"Pastéis de Belém"}}};
    return std::string(CreateRecord(*ana_, kNotes, body).at("id").as_string());
  }

  boost::json::value Read(const std::string& id) { return ana_->get(NotePath(id)).json(); }

  HttpResponse CreateWithText(const boost::json::value& text) {
    boost::json::object body = ValidNote();
    body["text_content"] = text;
    return ana_->post(kNotes, body);
  }

  std::optional<ApiClient> ana_;
};

TEST_F(HttpNotes, CreateAnswers201WithEveryFieldAsStored) {
  std::string user_id = StringAt(ana_->get("/api/v1/auth/me").json(), "id");
  HttpResponse response =
      ana_->post(kNotes, {{"text_content", "  Pastéis de nata, still warm \n"},
                          {"timestamp", "2024-03-12T10:14:00+01:00"},
                          {"longitude", -9.2033},
                          {"latitude", 38.6975},
                          {"address", "Rua de Belém 84"},
                          {"names", boost::json::array{" Pastéis de Belém  "}}});
  ASSERT_TRUE(HasStatus(response, 201));
  EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
  boost::json::value note = response.json();
  EXPECT_TRUE(IsLowerCaseUuid(At(note, "id")));
  EXPECT_EQ(StringAt(note, "user_id"), user_id);
  EXPECT_EQ(StringAt(note, "text_content"), "Pastéis de nata, still warm");
  EXPECT_EQ(StringAt(note, "timestamp"), "2024-03-12T09:14:00Z");
  EXPECT_DOUBLE_EQ(At(note, "longitude").to_number<double>(), -9.2033);
  EXPECT_DOUBLE_EQ(At(note, "latitude").to_number<double>(), 38.6975);
  EXPECT_EQ(StringAt(note, "address"), "Rua de Belém 84");
  EXPECT_EQ(At(note, "names"), boost::json::value(boost::json::array{"Pastéis de Belém"}));
  EXPECT_TRUE(IsIsoUtc(At(note, "created_at")));
  EXPECT_TRUE(IsIsoUtc(At(note, "updated_at")));
}

TEST_F(HttpNotes, ANoteReadsBackExactlyAsCreated) {
  HttpResponse created = ana_->post(kNotes, ValidNote());
  ASSERT_TRUE(HasStatus(created, 201));
  HttpResponse read = ana_->get(NotePath(StringAt(created.json(), "id")));
  ASSERT_TRUE(HasStatus(read, 200));
  EXPECT_EQ(read.json(), created.json());
}

TEST_F(HttpNotes, ANoteNeedsNoLocation) {
  HttpResponse response = ana_->post(kNotes, ValidNote());
  ASSERT_TRUE(HasStatus(response, 201));
  boost::json::value note = response.json();
  for (const char* field : {"longitude", "latitude", "address"}) {
    EXPECT_TRUE(At(note, field).is_null()) << field << " in " << note;
  }
}

TEST_F(HttpNotes, TextIsRequiredAndMustHoldMoreThanWhitespace) {
  boost::json::object body = ValidNote();
  body.erase("text_content");
  EXPECT_TRUE(IsValidationErrorOn(ana_->post(kNotes, body), {"text_content"}));
  EXPECT_TRUE(IsValidationErrorOn(CreateWithText(nullptr), {"text_content"}));
  EXPECT_TRUE(IsValidationErrorOn(CreateWithText(""), {"text_content"}));
  EXPECT_TRUE(IsValidationErrorOn(CreateWithText(" \n\t  "), {"text_content"}));
  EXPECT_TRUE(IsValidationErrorOn(CreateWithText(42), {"text_content"}));
}

TEST_F(HttpNotes, TextMayHave10000CharactersAfterTrimmingButNotMore) {
  std::string text(10000, 't');
  HttpResponse padded = CreateWithText(boost::json::string("  \n" + text + "\n  "));
  ASSERT_TRUE(HasStatus(padded, 201));
  EXPECT_EQ(StringAt(padded.json(), "text_content"), text);
  EXPECT_TRUE(
      IsValidationErrorOn(CreateWithText(boost::json::string(text + "t")), {"text_content"}));
}

TEST_F(HttpNotes, EveryBadFieldIsReportedAtOnce) {
  HttpResponse response = ana_->post(kNotes, {{"text_content", "   "},
                                              {"timestamp", "2024-03-12T09:14:00Z"},
                                              {"longitude", 0},
                                              {"latitude", 91},
                                              {"address", std::string(1001, 'a')}});
  ASSERT_TRUE(IsError(response, 400, "VALIDATION_ERROR"));
  std::vector<std::string> fields = ErrorFields(response);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"address", "latitude", "text_content"}))
      << Describe(response);
}

TEST_F(HttpNotes, PutChangesOnlyTheFieldsItSendsAndTrimsText) {
  std::string id = CreateFullNote();
  boost::json::value before = Read(id);
  HttpResponse response = ana_->put(NotePath(id), {{"text_content", "  Dinner instead \n"}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::object expected = before.as_object();
  expected["text_content"] = "Dinner instead";
  boost::json::object after = response.json().as_object();
  expected["updated_at"] = after["updated_at"];  // Checked by its own test.
  EXPECT_EQ(boost::json::value(after), boost::json::value(expected));
  EXPECT_EQ(Read(id), boost::json::value(after));
}

TEST_F(HttpNotes, PutMovesTheNoteInTimeAndSpace) {
  std::string id = CreateFullNote();
  HttpResponse response = ana_->put(NotePath(id), {{"timestamp", "2024-03-13T10:00:00+02:00"},
                                                   {"longitude", 2.3522},
                                                   {"latitude", 48.8566},
                                                   {"address", "Place de la Concorde"},
                                                   {"names", boost::json::array{" Concorde "}}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value note = Read(id);
  EXPECT_EQ(StringAt(note, "timestamp"), "2024-03-13T08:00:00Z");
  EXPECT_DOUBLE_EQ(At(note, "longitude").to_number<double>(), 2.3522);
  EXPECT_DOUBLE_EQ(At(note, "latitude").to_number<double>(), 48.8566);
  EXPECT_EQ(StringAt(note, "address"), "Place de la Concorde");
  EXPECT_EQ(At(note, "names"), boost::json::value(boost::json::array{"Concorde"}));
  EXPECT_EQ(StringAt(note, "text_content"), "Pastéis de nata, still warm");
}

TEST_F(HttpNotes, PutWithNullClearsTheLocationFields) {
  std::string id = CreateFullNote();
  HttpResponse response = ana_->put(
      NotePath(id),
      {{"longitude", nullptr}, {"latitude", nullptr}, {"address", nullptr}, {"names", nullptr}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value note = Read(id);
  EXPECT_TRUE(At(note, "longitude").is_null()) << note;
  EXPECT_TRUE(At(note, "latitude").is_null()) << note;
  EXPECT_TRUE(At(note, "address").is_null()) << note;
  // API.md does not say how a cleared list reads; both spellings of "no names" are fine.
  const boost::json::value& names = At(note, "names");
  EXPECT_TRUE(names.is_null() || (names.is_array() && names.get_array().empty())) << note;
  EXPECT_EQ(StringAt(note, "text_content"), "Pastéis de nata, still warm");
}

TEST_F(HttpNotes, TextAndTimestampCannotBeClearedAndARejectedPutChangesNothing) {
  std::string id = CreateFullNote();
  boost::json::value before = Read(id);
  EXPECT_TRUE(
      IsValidationErrorOn(ana_->put(NotePath(id), {{"text_content", nullptr}}), {"text_content"}));
  EXPECT_TRUE(
      IsValidationErrorOn(ana_->put(NotePath(id), {{"timestamp", nullptr}}), {"timestamp"}));
  EXPECT_TRUE(
      IsValidationErrorOn(ana_->put(NotePath(id), {{"text_content", "   "}}), {"text_content"}));
  EXPECT_TRUE(IsValidationErrorOn(ana_->put(NotePath(id), {{"longitude", 3.0}}),
                                  {"longitude", "latitude"}));
  EXPECT_TRUE(IsValidationErrorOn(
      ana_->put(NotePath(id), {{"address", "Elsewhere"}, {"latitude", 91}, {"longitude", 0}}),
      {"latitude"}));
  EXPECT_EQ(Read(id), before);
}

TEST_F(HttpNotes, PutCannotMoveANoteIntoTheFuture) {
  std::string id = CreateFullNote();
  std::string later = IsoUtc(std::chrono::system_clock::now() + std::chrono::hours(1));
  EXPECT_TRUE(IsValidationErrorOn(ana_->put(NotePath(id), {{"timestamp", later}}), {"timestamp"}));
  EXPECT_EQ(StringAt(Read(id), "timestamp"), "2024-03-12T09:14:00Z");
}

TEST_F(HttpNotes, PutMovesUpdatedAtForwardAndKeepsCreatedAt) {
  std::string id = CreateFullNote();
  boost::json::value before = Read(id);
  SleepIntoNextSecond();
  HttpResponse response = ana_->put(NotePath(id), {{"text_content", "Edited"}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value after = response.json();
  EXPECT_EQ(StringAt(after, "created_at"), StringAt(before, "created_at"));
  std::optional<Microseconds> updated_before = ParseIsoUtc(StringAt(before, "updated_at"));
  std::optional<Microseconds> updated_after = ParseIsoUtc(StringAt(after, "updated_at"));
  ASSERT_TRUE(updated_before && updated_after) << before << "\n" << after;
  EXPECT_GT(*updated_after, *updated_before) << before << "\n" << after;
}

TEST_F(HttpNotes, DeleteAnswers204AndTheNoteIsGone) {
  std::string id = CreateFullNote();
  HttpResponse response = ana_->del(NotePath(id));
  EXPECT_TRUE(HasStatus(response, 204));
  EXPECT_EQ(response.body, "");
  EXPECT_TRUE(response.has_header("X-Request-Id"));
  EXPECT_TRUE(IsError(ana_->get(NotePath(id)), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->put(NotePath(id), {{"text_content", "x"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->del(NotePath(id)), 404, "NOT_FOUND"));
  EXPECT_EQ(At(ana_->get(kNotes).json(), "total"), boost::json::value(0));
}

TEST_F(HttpNotes, AnIdThatDoesNotExistIsNotFound) {
  std::string path = NotePath(kAbsentId);
  EXPECT_TRUE(IsError(ana_->get(path), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->put(path, {{"text_content", "x"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana_->del(path), 404, "NOT_FOUND"));
}

TEST_F(HttpNotes, AMalformedIdIsSimplyNotFound) {
  for (const char* id : {"not-a-uuid", "42", "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a-extra"}) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(IsError(ana_->get(NotePath(id)), 404, "NOT_FOUND"));
    EXPECT_TRUE(IsError(ana_->put(NotePath(id), {{"text_content", "x"}}), 404, "NOT_FOUND"));
    EXPECT_TRUE(IsError(ana_->del(NotePath(id)), 404, "NOT_FOUND"));
  }
}

}  // namespace
}  // namespace chronotrail::testing
