// ServiceCall: a signed POST to an AWS service's JSON API (Bedrock, and any other service that is
// called the same way), written once for every client.
//
// The endpoint is the service's regional host over HTTPS, or an override URL (tests, VPC
// endpoints, FIPS): http(s)://host[:port]. The caller gives the path as sent (percent-encoded,
// see UriEncodePath) and the headers specific to the service; Host, X-Amz-Date,
// X-Amz-Security-Token and Authorization are added here.
//
// Errors: ResolveEndpoint throws ApiError(kUnavailable) for an override that is not an http(s)
// URL; Post throws it when no credentials can be had or the transport fails. Any HTTP status is
// returned for the caller to judge.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "core/time.h"
#include "net/http_fetch.h"

namespace chronotrail::aws {

struct Endpoint {
  std::string scheme = "https";
  std::string host;  // with ":port" when not the scheme's default
};

// `default_host` unless `override_url` is set; `what` names the service in errors.
Endpoint ResolveEndpoint(const std::string& default_host, const std::string& override_url,
                         const std::string& what);

struct ServiceCall {
  Endpoint endpoint;
  SigningScope scope;
  std::shared_ptr<CredentialProvider> credentials;
  const Clock* clock = &SystemClock::Instance();
  int timeout_ms = 30000;

  // POSTs `payload` to `path` with `headers` (Content-Type and the service's own), signed.
  net::HttpResponse Post(const std::string& path, net::Headers headers, std::string payload) const;
};

}  // namespace chronotrail::aws
