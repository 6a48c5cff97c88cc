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

}  // namespace chronotrail::ai::remote
