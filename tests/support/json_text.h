#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace chronotrail::testing {

// JSON text as a browser's JSON.stringify or a phone's JSON library writes it: numbers in plain
// decimal ("38.7223"). Boost.JSON writes doubles in exponent form ("3.87223E1"), which is valid
// JSON but not what the server meets in practice, and it hides bugs in counting decimals.
std::string ToJsonText(const boost::json::value& value);

}  // namespace chronotrail::testing
