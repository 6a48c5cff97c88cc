// JSON text for responses and logs. Boost.JSON 1.81 prints doubles in exponent form
// (-1.224194155E2); people and their tools read coordinates better as -122.4194155, so numbers
// are written in the shortest form that reads back to the same double.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace chronotrail {

// Serialises `value` compactly. Doubles use the shortest round-trip decimal form; non-finite
// doubles (not representable in JSON) become null.
std::string ToJsonText(const boost::json::value& value);

// Appends the serialisation of `value` to `out`.
void AppendJsonText(const boost::json::value& value, std::string& out);

}  // namespace chronotrail
