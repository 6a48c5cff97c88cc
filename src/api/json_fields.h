// JsonFields: reads the fields of a request body into typed values, recording a FieldError for
// each field of the wrong type instead of stopping at the first. Every reader distinguishes
// "absent" (nullopt), "null" (an empty inner optional) and a value: see Patch in core/model.h.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/validation.h"
#include "services/timeline.h"

namespace chronotrail::api {

class JsonFields {
 public:
  JsonFields(const boost::json::object& body, FieldErrors& errors) : body_(body), errors_(errors) {}

  Patch<std::string> String(std::string_view key);
  Patch<double> Number(std::string_view key);
  Patch<std::int64_t> Integer(std::string_view key);
  Patch<Micros> Time(std::string_view key);  // an ISO-8601 string
  Patch<std::vector<std::string>> StringList(std::string_view key);

 private:
  const boost::json::value* Find(std::string_view key) const;

  const boost::json::object& body_;
  FieldErrors& errors_;
};

// Flattens a Patch for create requests, where null means the same as absent.
template <class T>
std::optional<T> ValueOf(const Patch<T>& p) {
  return p && *p ? std::optional<T>(**p) : std::nullopt;
}

// The place fields shared by visits, notes and media: longitude, latitude, address, names.
PlaceInput ReadPlaceInput(JsonFields& fields);

}  // namespace chronotrail::api
