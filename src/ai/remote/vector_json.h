// Reading embedding vectors out of providers' JSON answers, shared by the remote embedders.
// (provider_call.h checks and parses the answers themselves.)
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace chronotrail::ai::remote {

// The numbers of `array` (a JSON array of numbers) as a unit-length float vector of exactly
// `dimensions`. Throws ApiError(kUnavailable) naming `provider` when it is anything else, or
// all zeros (which has no direction). Providers that already normalise lose nothing; those that
// do not (some OpenAI-compatible servers) are brought to the Embedder contract.
std::vector<float> UnitVectorFromJson(const boost::json::value& array, int dimensions,
                                      const std::string& provider);

}  // namespace chronotrail::ai::remote
