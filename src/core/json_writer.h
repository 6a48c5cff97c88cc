// JsonWriter: writes JSON text straight into a string, without building a document first.
// Responses are written this way because a DOM of small objects costs more in allocation than the
// rest of a request. Commas are placed automatically; keys and values must alternate inside an
// object. Numbers use the shortest decimal that reads back to the same double (-122.4194155, not
// Boost.JSON 1.81's -1.224194155E2); non-finite doubles are written as null.
//
//   JsonWriter w;
//   w.BeginObject().Key("id").String(id).Key("names").BeginArray().String("Home").EndArray();
//   w.EndObject();
//   std::string text = w.Take();
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace chronotrail {

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 256) { out_.reserve(reserve); }

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view v);
  // An instant as an ISO-8601 UTC string (core/time.h), without an intermediate string.
  JsonWriter& Time(Micros t);
  JsonWriter& Int(std::int64_t v);
  JsonWriter& Double(double v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Any Boost.JSON value (for free-form parts such as error details).
  JsonWriter& Value(const boost::json::value& v);

  template <class T>
  JsonWriter& Optional(const std::optional<T>& v) {
    if (!v) return Null();
    if constexpr (std::is_same_v<T, std::string>) {
      return String(*v);
    } else if constexpr (std::is_floating_point_v<T>) {
      return Double(*v);
    } else {
      return Int(*v);
    }
  }

  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();

  std::string out_;
  // One entry per open container: true once it holds an element (a comma is due before the next).
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

// Serialises any Boost.JSON value compactly, as JsonWriter does.
std::string ToJsonText(const boost::json::value& value);

}  // namespace chronotrail
