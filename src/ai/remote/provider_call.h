// Calling remote AI providers and reading their answers, shared by the remote embedders and chat
// models: the status check and JSON parse every client needs, and the one POST of the
// OpenAI-compatible wire format.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "aws/service_call.h"
#include "net/http_fetch.h"

namespace chronotrail::ai::remote {

// The JSON of a 200 answer. Throws ApiError(kUnavailable) naming `provider` for any other
// status (with DescribeErrorAnswer) or a body that is not JSON.
boost::json::value JsonAnswer(const net::HttpResponse& response, const std::string& provider);

// POSTs `body` to an OpenAI-compatible server at base_url + path (base_url up to and including
// the version, trailing '/' ignored), with "Authorization: Bearer KEY" when `api_key` is set, and
// returns the answer's JSON (JsonAnswer).
boost::json::value PostOpenAiJson(std::string base_url, const std::string& path,
                                  const std::string& api_key, const boost::json::value& body,
                                  int timeout_ms, const std::string& provider);

// The signed call to Bedrock's runtime in `region` (or `endpoint_url`), for the Bedrock clients.
// Throws ApiError(kUnavailable) for settings that cannot work (no region, no model, no
// credentials, a bad endpoint URL).
aws::ServiceCall BedrockRuntimeCall(const std::string& region, const std::string& model,
                                    const std::string& endpoint_url,
                                    std::shared_ptr<aws::CredentialProvider> credentials,
                                    const Clock& clock, int timeout_ms);

// A short description of a provider's error answer: the status and, when the body is the usual
// JSON error object, its code or type (never its message, which may quote the input).
std::string DescribeErrorAnswer(int status, const std::string& body);

}  // namespace chronotrail::ai::remote
