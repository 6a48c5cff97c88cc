#include "core/json_text.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace chronotrail {
namespace {

TEST(JsonText, WritesCoordinatesAsPlainDecimals) {
  boost::json::object o{{"longitude", -122.4194155}, {"latitude", 37.77492950}, {"n", 25}};
  EXPECT_EQ(ToJsonText(o), R"({"longitude":-122.4194155,"latitude":37.7749295,"n":25})");
}

TEST(JsonText, EscapesStringsAndRoundTrips) {
  boost::json::value v = boost::json::object{
      {"s", "quote\" back\\ nl\n ctl\x01 café"}, {"a", boost::json::array{1, nullptr, true, 0.5}}};
  std::string text = ToJsonText(v);
  EXPECT_NE(text.find("\\u0001"), std::string::npos);
  EXPECT_EQ(boost::json::parse(text), v);
}

TEST(JsonText, NonFiniteNumbersBecomeNull) {
  EXPECT_EQ(ToJsonText(boost::json::array{std::numeric_limits<double>::infinity()}), "[null]");
}

}  // namespace
}  // namespace chronotrail
