#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "support/http_client.h"

namespace chronotrail::testing {

// "HTTP 400 {body}", for failure messages.
std::string Describe(const HttpResponse& response);

// The status, with the body in the failure message (a bare "400 != 201" explains nothing).
::testing::AssertionResult HasStatus(const HttpResponse& response, int status);

// A JSON string in the response format: UTC, "Z", optional fraction.
::testing::AssertionResult IsIsoUtc(const boost::json::value& value);

// A JSON string holding a lower-case UUID.
::testing::AssertionResult IsLowerCaseUuid(const boost::json::value& value);

// The error contract of API.md: the status, a JSON body (and Content-Type) whose `error` is
// `code`, a non-empty `message`, a `details` object (or null), an ISO UTC `timestamp`, and an
// X-Request-Id header.
::testing::AssertionResult IsError(const HttpResponse& response, int status, std::string_view code);

// The `field` of every entry of details.errors, in order.
std::vector<std::string> ErrorFields(const HttpResponse& response);

// A 400 VALIDATION_ERROR whose details.errors names one of `fields`. A list item may be named
// with its index appended ("names[3]" or "names.3"), which still counts as naming "names".
::testing::AssertionResult IsValidationErrorOn(const HttpResponse& response,
                                               std::initializer_list<std::string_view> fields);

}  // namespace chronotrail::testing
