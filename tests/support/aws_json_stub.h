// A stand-in for AWS services of the JSON 1.1 protocol (Rekognition, Textract, Transcribe) on
// loopback: it records every request and answers with what the test says, and
// ExpectSignedJsonCall checks that a request is exactly what AWS expects — POST /, the
// X-Amz-Target and Content-Type headers, and a SigV4 Authorization that our signer computes again
// from the request as received, with the stub's known keys.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "core/digest.h"
#include "services/auth/jwt.h"
#include "support/loopback_http_server.h"

namespace chronotrail::testing {

inline constexpr const char* kStubKeyId = "AKIDEXAMPLE";
inline constexpr const char* kStubSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

inline std::shared_ptr<aws::CredentialProvider> StubKeys() {
  return std::make_shared<aws::StaticCredentialProvider>(
      aws::Credentials{kStubKeyId, kStubSecret, ""});
}

struct AwsJsonStub {
  using Request = LoopbackHttpServer::Request;
  using Response = LoopbackHttpServer::Response;
  // Answers a request given its X-Amz-Target ("" for none) and its parsed body (null for none).
  using Answer = std::function<Response(const Request& request, const std::string& target,
                                        const boost::json::value& body)>;

  explicit AwsJsonStub(Answer answer)
      : server([this, answer](const Request& r) {
          std::lock_guard<std::mutex> lock(mu);
          requests.push_back(r);
          auto target = r.headers.find("x-amz-target");
          boost::system::error_code ec;
          boost::json::value body = boost::json::parse(r.body, ec);
          return answer(r, target == r.headers.end() ? "" : target->second, body);
        }) {}

  std::vector<Request> Requests() {
    std::lock_guard<std::mutex> lock(mu);
    return requests;
  }

  std::mutex mu;
  std::vector<Request> requests;
  LoopbackHttpServer server;
};

inline std::string HeaderOf(const LoopbackHttpServer::Request& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

// Expects `r` to be the JSON 1.1 call `target` for `service` in `region`, signed at `now` with
// StubKeys(); returns its body.
inline boost::json::object ExpectSignedJsonCall(const LoopbackHttpServer::Request& r,
                                                const std::string& target,
                                                const std::string& service,
                                                const std::string& region, Micros now) {
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/");
  EXPECT_EQ(HeaderOf(r, "x-amz-target"), target);
  EXPECT_EQ(HeaderOf(r, "content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(HeaderOf(r, "x-amz-date"), aws::AmzDate(now));
  const std::string authorization = HeaderOf(r, "authorization");
  EXPECT_TRUE(std::regex_match(
      authorization,
      std::regex(std::string("AWS4-HMAC-SHA256 Credential=") + kStubKeyId + "/" +
                 aws::AmzDate(now).substr(0, 8) + "/" + region + "/" + service +
                 "/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                 "Signature=[0-9a-f]{64}")))
      << authorization;
  // The signature AWS would compute from what arrived.
  aws::RequestToSign received;
  received.method = r.method;
  received.host = HeaderOf(r, "host");
  received.path = r.target;
  received.headers = {{"Content-Type", HeaderOf(r, "content-type")},
                      {"X-Amz-Target", HeaderOf(r, "x-amz-target")}};
  received.payload_hash = Sha256Hex(r.body);
  EXPECT_EQ(
      authorization,
      aws::SignWithHeaders(StubKeys()->Get(), {region, service}, received, now).authorization);
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(r.body, ec);
  EXPECT_FALSE(ec) << r.body;
  return !ec && body.is_object() ? body.as_object() : boost::json::object{};
}

// Standard base64 back to bytes (through the JWT decoder's URL-safe alphabet).
inline std::string DecodeStandardBase64(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return jwt::Base64UrlDecode(text).value_or("(not base64)");
}

}  // namespace chronotrail::testing
