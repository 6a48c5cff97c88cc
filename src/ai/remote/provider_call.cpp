#include "ai/remote/provider_call.h"

#include <boost/json.hpp>

#include "core/error.h"

namespace chronotrail::ai::remote {

boost::json::value JsonAnswer(const net::HttpResponse& response, const std::string& provider) {
  if (response.status != 200) {
    throw ApiError(ErrorKind::kUnavailable,
                   provider + " answered " + DescribeErrorAnswer(response.status, response.body));
  }
  boost::system::error_code ec;
  boost::json::value answer = boost::json::parse(response.body, ec);
  if (ec) throw ApiError(ErrorKind::kUnavailable, provider + " answered something other than JSON");
  return answer;
}

boost::json::value PostOpenAiJson(std::string base_url, const std::string& path,
                                  const std::string& api_key, const boost::json::value& body,
                                  int timeout_ms, const std::string& provider) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  net::HttpRequest request;
  request.method = "POST";
  request.url = base_url + path;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + api_key);
  request.body = boost::json::serialize(body);
  request.timeout_ms = timeout_ms;
  return JsonAnswer(net::HttpFetch(request), provider);
}

aws::ServiceCall BedrockRuntimeCall(const std::string& region, const std::string& model,
                                    const std::string& endpoint_url,
                                    std::shared_ptr<aws::CredentialProvider> credentials,
                                    const Clock& clock, int timeout_ms) {
  if (region.empty()) throw ApiError(ErrorKind::kUnavailable, "Bedrock needs a region");
  if (model.empty()) throw ApiError(ErrorKind::kUnavailable, "Bedrock needs a model id");
  if (!credentials) throw ApiError(ErrorKind::kUnavailable, "Bedrock needs AWS credentials");
  aws::ServiceCall call;
  call.endpoint =
      aws::ResolveEndpoint("bedrock-runtime." + region + ".amazonaws.com", endpoint_url, "Bedrock");
  call.scope = {region, "bedrock"};
  call.credentials = std::move(credentials);
  call.clock = &clock;
  call.timeout_ms = timeout_ms;
  return call;
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
