#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "aws/sigv4.h"
#include "core/digest.h"
#include "support/recording_stub.h"

namespace chronotrail::testing {

// Expects `r`, as a stub received it, to be signed with SigV4 by `keys` for `scope` at `now`:
// X-Amz-Date is `now`, the Authorization names the key, the date, the scope and exactly the
// headers `signed_headers` (as sent, e.g. "Content-Type") with host and x-amz-date, and its
// signature is the one AWS would compute from the request as it arrived (path as on the wire,
// those headers, the body's hash).
inline void ExpectSignedAsReceived(const LoopbackHttpServer::Request& r,
                                   const aws::Credentials& keys, const aws::SigningScope& scope,
                                   Micros now, const std::vector<std::string>& signed_headers) {
  EXPECT_EQ(HeaderOf(r, "x-amz-date"), aws::AmzDate(now));
  std::vector<std::string> names = {"host", "x-amz-date"};
  aws::RequestToSign received;
  received.method = r.method;
  received.host = HeaderOf(r, "host");
  received.path = r.target;
  for (const std::string& name : signed_headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names.push_back(lower);
    received.headers.emplace_back(name, HeaderOf(r, lower));
  }
  std::sort(names.begin(), names.end());
  std::string list;
  for (const std::string& n : names) list.append(list.empty() ? "" : ";").append(n);
  const std::string authorization = HeaderOf(r, "authorization");
  EXPECT_TRUE(std::regex_match(
      authorization,
      std::regex("AWS4-HMAC-SHA256 Credential=" + keys.access_key_id + "/" +
                 aws::AmzDate(now).substr(0, 8) + "/" + scope.region + "/" + scope.service +
                 "/aws4_request, SignedHeaders=" + list + ", Signature=[0-9a-f]{64}")))
      << authorization;
  received.payload_hash = Sha256Hex(r.body);
  EXPECT_EQ(authorization, aws::SignWithHeaders(keys, scope, received, now).authorization);
}

}  // namespace chronotrail::testing
