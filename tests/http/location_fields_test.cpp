// The location fields that visits and notes share: coordinates, names and address.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/record_kinds.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

class HttpLocationFields : public SharedServerTest<HttpLocationFields>,
                           public ::testing::WithParamInterface<RecordKind> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (!HasFatalFailure()) user_.emplace(NewUser());
  }

  // A valid record of this kind with `changes` applied (a null removes the field).
  boost::json::object Body(const boost::json::object& changes) const {
    boost::json::object body = GetParam().valid();
    for (const auto& [key, value] : changes) {
      if (value.is_null()) {
        body.erase(key);
      } else {
        body[key] = value;
      }
    }
    return body;
  }

  HttpResponse Create(const boost::json::object& changes) {
    return user_->post(GetParam().collection, Body(changes));
  }

  std::optional<ApiClient> user_;
};

TEST_P(HttpLocationFields, CoordinatesComeBackAsJsonNumbers) {
  HttpResponse response = Create({{"longitude", -9.1393}, {"latitude", 38.7223}});
  ASSERT_TRUE(HasStatus(response, 201));
  boost::json::value record = response.json();
  ASSERT_TRUE(At(record, "longitude").is_number()) << record;
  ASSERT_TRUE(At(record, "latitude").is_number()) << record;
  EXPECT_DOUBLE_EQ(At(record, "longitude").to_number<double>(), -9.1393);
  EXPECT_DOUBLE_EQ(At(record, "latitude").to_number<double>(), 38.7223);
}

TEST_P(HttpLocationFields, EightDecimalsNearTheEdgesOfTheRangeAreKept) {
  HttpResponse response = Create({{"longitude", -179.12345678}, {"latitude", 89.12345678}});
  ASSERT_TRUE(HasStatus(response, 201));
  HttpResponse stored = user_->get(GetParam().path(StringAt(response.json(), "id")));
  ASSERT_TRUE(HasStatus(stored, 200));
  EXPECT_DOUBLE_EQ(At(stored.json(), "longitude").to_number<double>(), -179.12345678);
  EXPECT_DOUBLE_EQ(At(stored.json(), "latitude").to_number<double>(), 89.12345678);
}

TEST_P(HttpLocationFields, TheRangeBoundsThemselvesAreAccepted) {
  EXPECT_TRUE(HasStatus(Create({{"longitude", 180}, {"latitude", -90}}), 201));
  EXPECT_TRUE(HasStatus(Create({{"longitude", -180.0}, {"latitude", 90.0}}), 201));
}

TEST_P(HttpLocationFields, NineDecimalsAreRejected) {
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", -9.123456789}, {"latitude", 38.7}}),
                                  {"longitude"}));
  EXPECT_TRUE(
      IsValidationErrorOn(Create({{"longitude", -9.1}, {"latitude", 38.123456789}}), {"latitude"}));
}

TEST_P(HttpLocationFields, LongitudeOutsideMinus180To180IsRejected) {
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", 180.5}, {"latitude", 0}}), {"longitude"}));
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", -181}, {"latitude", 0}}), {"longitude"}));
}

TEST_P(HttpLocationFields, LatitudeOutsideMinus90To90IsRejected) {
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", 0}, {"latitude", 90.0001}}), {"latitude"}));
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", 0}, {"latitude", -91}}), {"latitude"}));
}

TEST_P(HttpLocationFields, ACoordinateWithoutItsPartnerIsRejected) {
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", nullptr}, {"latitude", 38.7}}),
                                  {"longitude", "latitude"}));
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", -9.1}, {"latitude", nullptr}}),
                                  {"longitude", "latitude"}));
}

TEST_P(HttpLocationFields, CoordinatesGivenAsStringsAreRejected) {
  EXPECT_TRUE(IsValidationErrorOn(Create({{"longitude", "-9.1393"}, {"latitude", 38.7223}}),
                                  {"longitude"}));
}

TEST_P(HttpLocationFields, NamesAreStoredTrimmedInTheirOrder) {
  HttpResponse response =
      Create({{"names", boost::json::array{"  Café A Brasileira  ", "\tChiado\n", "Lisboa"}}});
  ASSERT_TRUE(HasStatus(response, 201));
  EXPECT_EQ(At(response.json(), "names"),
            boost::json::value(boost::json::array{"Café A Brasileira", "Chiado", "Lisboa"}));
  HttpResponse stored = user_->get(GetParam().path(StringAt(response.json(), "id")));
  EXPECT_EQ(At(stored.json(), "names"), At(response.json(), "names"));
}

TEST_P(HttpLocationFields, TenNamesAreAcceptedButNotEleven) {
  boost::json::array names;
  for (int i = 1; i <= 10; ++i) names.emplace_back("place " + std::to_string(i));
  EXPECT_TRUE(HasStatus(Create({{"names", names}}), 201));
  names.emplace_back("place 11");
  EXPECT_TRUE(IsValidationErrorOn(Create({{"names", names}}), {"names"}));
}

TEST_P(HttpLocationFields, ABlankNameIsRejected) {
  EXPECT_TRUE(
      IsValidationErrorOn(Create({{"names", boost::json::array{"Chiado", "   "}}}), {"names"}));
  EXPECT_TRUE(IsValidationErrorOn(Create({{"names", boost::json::array{""}}}), {"names"}));
}

TEST_P(HttpLocationFields, ANameMayHave100CharactersAfterTrimmingButNotMore) {
  std::string hundred(100, 'n');
  HttpResponse padded = Create({{"names", boost::json::array{"   " + hundred + "   "}}});
  ASSERT_TRUE(HasStatus(padded, 201));
  EXPECT_EQ(StringAt(padded.json(), "names.0"), hundred);
  EXPECT_TRUE(
      IsValidationErrorOn(Create({{"names", boost::json::array{hundred + "n"}}}), {"names"}));
}

TEST_P(HttpLocationFields, NamesMustBeAListOfStrings) {
  EXPECT_TRUE(IsValidationErrorOn(Create({{"names", "Chiado"}}), {"names"}));
  EXPECT_TRUE(
      IsValidationErrorOn(Create({{"names", boost::json::array{"Chiado", 42}}}), {"names"}));
}

TEST_P(HttpLocationFields, AnAddressMayHave1000CharactersButNotMore) {
  HttpResponse response = Create({{"address", std::string(1000, 'a')}});
  ASSERT_TRUE(HasStatus(response, 201));
  EXPECT_EQ(StringAt(response.json(), "address"), std::string(1000, 'a'));
  EXPECT_TRUE(IsValidationErrorOn(Create({{"address", std::string(1001, 'a')}}), {"address"}));
}

INSTANTIATE_TEST_SUITE_P(, HttpLocationFields, ::testing::Values(kVisits, kNotes),
                         RecordKindName());

}  // namespace
}  // namespace chronotrail::testing
