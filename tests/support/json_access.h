#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace chronotrail::testing {

// The value at a dotted path ("details.errors.0.field"), or a throw that shows the whole
// document: when the server's answer has another shape, the failure message should say how.
const boost::json::value& At(const boost::json::value& document, std::string_view path);
// A copy for a temporary document (`At(response.json(), "x")`), which a reference would outlive.
boost::json::value At(boost::json::value&& document, std::string_view path);

bool Has(const boost::json::value& document, std::string_view path);

// The string at `path`; throws like At() when it is missing or not a string.
std::string StringAt(const boost::json::value& document, std::string_view path);

}  // namespace chronotrail::testing
