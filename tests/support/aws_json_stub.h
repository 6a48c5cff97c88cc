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
#include <string>
#include <vector>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "core/digest.h"
#include "services/auth/jwt.h"
#include "support/loopback_http_server.h"
#include "support/recording_stub.h"
#include "support/sigv4_check.h"

namespace chronotrail::testing {

inline constexpr const char* kStubKeyId = "AKIDEXAMPLE";
inline constexpr const char* kStubSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

inline std::shared_ptr<aws::CredentialProvider> StubKeys() {
  return std::make_shared<aws::StaticCredentialProvider>(
      aws::Credentials{kStubKeyId, kStubSecret, ""});
}

// A RecordingStub that hands each answer the request's X-Amz-Target and parsed body.
struct AwsJsonStub : RecordingStub {
  // Answers a request given its X-Amz-Target ("" for none) and its parsed body (null for none).
  using Answer = std::function<Response(const Request& request, const std::string& target,
                                        const boost::json::value& body)>;

  explicit AwsJsonStub(Answer answer)
      : RecordingStub([answer](const Request& r) {
          boost::system::error_code ec;
          boost::json::value body = boost::json::parse(r.body, ec);
          return answer(r, HeaderOf(r, "x-amz-target"), body);
        }) {}
};

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
  ExpectSignedAsReceived(r, StubKeys()->Get(), {region, service}, now,
                         {"Content-Type", "X-Amz-Target"});
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
