#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "support/payloads.h"

namespace chronotrail::testing {

// Visits and notes share their location fields, time rules, list parameters and ownership, so
// the tests of those run once for each kind of record.
struct RecordKind {
  std::string_view name;        // As in test names: "visits".
  std::string_view collection;  // "/api/v1/locations"
  std::string_view time_field;  // The time a record is about: "visit_time".
  std::string_view list_key;    // The array in a list response: "visits".
  boost::json::object (*valid)();

  std::string path(std::string_view id) const {
    return std::string(collection) + "/" + std::string(id);
  }
  // A valid body about `time`.
  boost::json::object at(std::string_view time) const {
    boost::json::object body = valid();
    body[time_field] = time;
    return body;
  }
};

inline const RecordKind kVisits{"visits", "/api/v1/locations", "visit_time", "visits", ValidVisit};
inline const RecordKind kNotes{"notes", "/api/v1/notes", "timestamp", "notes", ValidNote};

inline std::ostream& operator<<(std::ostream& out, const RecordKind& kind) {
  return out << kind.name;
}

struct RecordKindName {
  std::string operator()(const ::testing::TestParamInfo<RecordKind>& info) const {
    return std::string(info.param.name);
  }
};

}  // namespace chronotrail::testing
