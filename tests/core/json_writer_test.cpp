#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace chronotrail {
namespace {

TEST(JsonText, WritesCoordinatesAsPlainDecimals) {
  boost::json::object o{{"longitude", -122.4194155}, {"latitude", 37.77492950}, {"n", 25}};
  EXPECT_EQ(ToJsonText(o), R"({"longitude":-122.4194155,"latitude":37.7749295,"n":25})");
}

TEST(JsonText, EscapesStringsAndRoundTrips) {
  boost::json::value v = boost::json::object{{"s", "quote\" back\\ nl\n ctl\x01 café"},
                                             {"a", boost::json::array{1, nullptr, true, 0.5}}};
  std::string text = ToJsonText(v);
  EXPECT_NE(text.find("\\u0001"), std::string::npos);
  EXPECT_EQ(boost::json::parse(text), v);
}

TEST(JsonText, NonFiniteNumbersBecomeNull) {
  EXPECT_EQ(ToJsonText(boost::json::array{std::numeric_limits<double>::infinity()}), "[null]");
}

TEST(JsonWriter, PlacesCommasAndNestsContainers) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x").Null().Bool(false).EndArray();
  w.Key("c").BeginObject().EndObject().Key("d").Optional(std::optional<double>(2.5));
  w.Key("e").Optional(std::optional<std::string>()).EndObject();
  EXPECT_EQ(w.text(), R"({"a":1,"b":["x",null,false],"c":{},"d":2.5,"e":null})");
}

TEST(JsonWriter, EscapesKeysAndStrings) {
  JsonWriter w;
  w.BeginObject().Key("k\"").String("tab\tend").EndObject();
  EXPECT_EQ(w.text(), R"({"k\"":"tab\tend"})");
}

}  // namespace
}  // namespace chronotrail
