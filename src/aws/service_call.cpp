#include "aws/service_call.h"

#include <boost/url/parse.hpp>

#include "core/digest.h"
#include "core/error.h"

namespace chronotrail::aws {

Endpoint ResolveEndpoint(const std::string& default_host, const std::string& override_url,
                         const std::string& what) {
  if (override_url.empty()) return {"https", default_host};
  auto url = boost::urls::parse_uri(override_url);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") ||
      url->encoded_host().empty()) {
    throw ApiError(ErrorKind::kUnavailable, "the " + what + " endpoint is not an http(s) URL");
  }
  return {std::string(url->scheme()), std::string(url->encoded_host_and_port())};
}

net::HttpResponse ServiceCall::Post(const std::string& path, net::Headers headers,
                                    std::string payload) const {
  RequestToSign to_sign;
  to_sign.method = "POST";
  to_sign.host = endpoint.host;
  to_sign.path = path;
  to_sign.headers = std::move(headers);
  to_sign.payload_hash = Sha256Hex(payload);
  const HeaderSignature signature =
      SignWithHeaders(credentials->Get(), scope, to_sign, clock->Now());

  net::HttpRequest request;
  request.method = "POST";
  request.url = endpoint.scheme + "://" + endpoint.host + path;
  request.headers.emplace_back("Host", endpoint.host);
  request.headers.insert(request.headers.end(), to_sign.headers.begin(), to_sign.headers.end());
  request.headers.insert(request.headers.end(), signature.headers.begin(), signature.headers.end());
  request.body = std::move(payload);
  request.timeout_ms = timeout_ms;
  return net::HttpFetch(request);
}

}  // namespace chronotrail::aws
