#include "api/json_fields.h"

#include <cmath>

namespace chronotrail::api {
namespace {

// JSON may carry "\u0000", but no text column of PostgreSQL can hold it, and no person types it:
// refused on every backend alike.
bool HasNul(const boost::json::string& s) {
  return s.find('\0') != boost::json::string::npos;
}
constexpr const char* kNulMessage = "must not contain NUL characters";

}  // namespace

const boost::json::value* JsonFields::Find(std::string_view key) const {
  return body_.if_contains(key);
}

Patch<std::string> JsonFields::String(std::string_view key) {
  const boost::json::value* v = Find(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) {
    errors_.Add(std::string(key), "must be a string");
    return std::nullopt;
  }
  if (HasNul(v->as_string())) {
    errors_.Add(std::string(key), kNulMessage);
    return std::nullopt;
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

Patch<double> JsonFields::Number(std::string_view key) {
  const boost::json::value* v = Find(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<double>();
  if (!v->is_number()) {
    errors_.Add(std::string(key), "must be a number");
    return std::nullopt;
  }
  return std::optional<double>(v->to_number<double>());
}

Patch<std::int64_t> JsonFields::Integer(std::string_view key) {
  const boost::json::value* v = Find(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::int64_t>();
  if (v->is_int64()) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= uint64_t(INT64_MAX)) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->as_uint64()));
  }
  // 25.0 is a whole number too.
  if (v->is_double() && std::trunc(v->as_double()) == v->as_double() &&
      std::fabs(v->as_double()) < 9e15) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->as_double()));
  }
  errors_.Add(std::string(key), "must be a whole number");
  return std::nullopt;
}

Patch<Micros> JsonFields::Time(std::string_view key) {
  const boost::json::value* v = Find(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<Micros>();
  std::optional<Micros> t;
  if (v->is_string()) t = ParseIsoTime(v->as_string());
  if (!t) {
    errors_.Add(std::string(key), "must be an ISO-8601 time, e.g. 2024-03-12T09:14:00Z");
    return std::nullopt;
  }
  return std::optional<Micros>(*t);
}

Patch<std::vector<std::string>> JsonFields::StringList(std::string_view key) {
  const boost::json::value* v = Find(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::vector<std::string>>();
  if (!v->is_array()) {
    errors_.Add(std::string(key), "must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      errors_.Add(std::string(key), "must be a list of strings");
      return std::nullopt;
    }
    if (HasNul(item.as_string())) {
      errors_.Add(std::string(key), kNulMessage);
      return std::nullopt;
    }
    out.emplace_back(item.as_string());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

PlaceInput ReadPlaceInput(JsonFields& f) {
  return {ValueOf(f.Number("longitude")), ValueOf(f.Number("latitude")),
          ValueOf(f.String("address")), ValueOf(f.StringList("names"))};
}

}  // namespace chronotrail::api
