#include "ai/remote/vector_json.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/error.h"

namespace chronotrail::ai::remote {

std::vector<float> UnitVectorFromJson(const boost::json::value& array, int dimensions,
                                      const std::string& provider) {
  const boost::json::array* numbers = array.if_array();
  if (!numbers)
    throw ApiError(ErrorKind::kUnavailable, provider + " answered without an embedding array");
  if (numbers->size() != size_t(dimensions)) {
    throw ApiError(ErrorKind::kUnavailable,
                   provider + " answered with " + std::to_string(numbers->size()) +
                       " dimensions, expected " + std::to_string(dimensions));
  }
  std::vector<float> v;
  v.reserve(numbers->size());
  double norm = 0;
  for (const boost::json::value& x : *numbers) {
    if (!x.is_number())
      throw ApiError(ErrorKind::kUnavailable, provider + " answered a non-number");
    const double d = x.to_number<double>();
    v.push_back(float(d));
    norm += d * d;
  }
  if (!(norm > 0) || !std::isfinite(norm)) {
    throw ApiError(ErrorKind::kUnavailable, provider + " answered a vector without direction");
  }
  const double inverse = 1.0 / std::sqrt(norm);
  for (float& x : v) x = float(x * inverse);
  return v;
}

std::string DescribeErrorAnswer(int status, const std::string& body) {
  std::string description = "status " + std::to_string(status);
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return description;
  // OpenAI: {"error": {"code", "type", "message"}}; Bedrock: {"message"} with the type in a
  // header, so only the status is left.
  const boost::json::value* error = v.as_object().if_contains("error");
  if (!error || !error->is_object()) return description;
  for (const char* field : {"code", "type"}) {
    const boost::json::value* value = error->as_object().if_contains(field);
    if (value && value->is_string() && value->as_string().size() <= 64) {
      return description + " (" + std::string(value->as_string()) + ")";
    }
  }
  return description;
}

}  // namespace chronotrail::ai::remote
