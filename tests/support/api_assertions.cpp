#include "support/api_assertions.h"

#include <boost/json/parse.hpp>
#include <regex>

#include "support/iso_time.h"

namespace chronotrail::testing {
namespace {

// The error body as JSON, or null when it is not JSON.
boost::json::value ParsedBody(const HttpResponse& response) {
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  return ec ? boost::json::value() : body;
}

bool NamesField(std::string_view reported, std::string_view expected) {
  if (reported == expected) return true;
  if (!reported.starts_with(expected) || reported.size() == expected.size()) return false;
  char next = reported[expected.size()];
  return next == '[' || next == '.';
}

}  // namespace

std::string Describe(const HttpResponse& response) {
  return "HTTP " + std::to_string(response.status) + " " + response.body;
}

::testing::AssertionResult HasStatus(const HttpResponse& response, int status) {
  if (response.status == status) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected HTTP " << status << ", got " << Describe(response);
}

::testing::AssertionResult IsIsoUtc(const boost::json::value& value) {
  if (value.is_string() && ParseIsoUtc(value.get_string())) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << value << " is not an ISO-8601 UTC time ending in Z";
}

::testing::AssertionResult IsLowerCaseUuid(const boost::json::value& value) {
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  if (value.is_string() && std::regex_match(std::string(value.get_string()), kUuid)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << value << " is not a lower-case UUID";
}

::testing::AssertionResult IsError(const HttpResponse& response, int status,
                                   std::string_view code) {
  std::vector<std::string> problems;
  if (response.status != status) problems.push_back("status is not " + std::to_string(status));
  if (!response.has_header("X-Request-Id")) problems.push_back("no X-Request-Id header");
  if (!response.header("Content-Type").starts_with("application/json")) {
    problems.push_back("Content-Type is not application/json");
  }
  boost::json::value body = ParsedBody(response);
  const boost::json::object* fields = body.if_object();
  if (fields == nullptr) {
    problems.push_back("body is not a JSON object");
  } else {
    const boost::json::value* error = fields->if_contains("error");
    if (!error || !error->is_string() || error->get_string() != code) {
      problems.push_back("error is not \"" + std::string(code) + "\"");
    }
    const boost::json::value* message = fields->if_contains("message");
    if (!message || !message->is_string() || message->get_string().empty()) {
      problems.push_back("no message");
    }
    const boost::json::value* details = fields->if_contains("details");
    // API.md shows details as an object; an error with nothing to add may leave it null.
    if (!details || !(details->is_object() || details->is_null())) {
      problems.push_back("details is missing or neither an object nor null");
    }
    const boost::json::value* timestamp = fields->if_contains("timestamp");
    if (!timestamp || !IsIsoUtc(*timestamp)) problems.push_back("timestamp is not ISO UTC");
  }
  if (problems.empty()) return ::testing::AssertionSuccess();
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "not a " << status << " " << code << " error:";
  for (const std::string& problem : problems) failure << " " << problem << ";";
  return failure << "\n  got " << Describe(response);
}

std::vector<std::string> ErrorFields(const HttpResponse& response) {
  std::vector<std::string> fields;
  boost::json::value body = ParsedBody(response);
  boost::system::error_code ec;
  const boost::json::value* errors = body.find_pointer("/details/errors", ec);
  if (errors == nullptr || !errors->is_array()) return fields;
  for (const boost::json::value& entry : errors->get_array()) {
    const boost::json::value* field =
        entry.is_object() ? entry.get_object().if_contains("field") : nullptr;
    fields.push_back(field && field->is_string() ? std::string(field->get_string())
                                                 : "<entry without a field>");
  }
  return fields;
}

::testing::AssertionResult IsValidationErrorOn(const HttpResponse& response,
                                               std::initializer_list<std::string_view> fields) {
  ::testing::AssertionResult shape = IsError(response, 400, "VALIDATION_ERROR");
  if (!shape) return shape;
  for (const std::string& reported : ErrorFields(response)) {
    for (std::string_view expected : fields) {
      if (NamesField(reported, expected)) return ::testing::AssertionSuccess();
    }
  }
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "details.errors names none of:";
  for (std::string_view expected : fields) failure << " " << expected;
  return failure << "\n  got " << Describe(response);
}

}  // namespace chronotrail::testing
