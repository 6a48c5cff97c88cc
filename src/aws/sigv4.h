// AWS Signature Version 4: the one signer of every AWS call ChronoTrail makes (S3 now; Bedrock,
// Cognito and others later).
//
// Two ways to sign a request:
//   - SignWithHeaders: adds X-Amz-Date, X-Amz-Security-Token (with temporary credentials) and
//     Authorization headers, for a request this server sends itself;
//   - Presign: puts the same proof in the query string (X-Amz-Algorithm ... X-Amz-Signature), for
//     a URL handed to someone else that works until X-Amz-Expires seconds after signing.
// Both also return the intermediate texts (canonical request, string to sign) so tests can compare
// each step with AWS's published examples.
//
// Paths: a request carries its path exactly as it will be sent, already percent-encoded
// (UriEncodePath builds one from raw bytes). S3 signs that path as it is; every other service
// signs it normalised (dot segments and repeated slashes removed) and percent-encoded once more,
// which is why a '%' on the wire appears as "%25" in their canonical request. SigningScope says
// which rule applies.
//
// Secrets: the secret key is used only to derive the signing key; nothing here logs or returns it.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "net/http_fetch.h"

namespace chronotrail::aws {

// Keys of an AWS identity. `session_token` is set for temporary credentials (a role).
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

// How the path of a request becomes the canonical URI.
enum class PathRule {
  kAsSent,                  // S3: the path exactly as sent
  kNormalizedEncodedTwice,  // other services: normalised, then percent-encoded once more
};

// Where a signature is valid: one region and one service (the credential scope).
struct SigningScope {
  std::string region;
  std::string service;
  PathRule path_rule = PathRule::kNormalizedEncodedTwice;
};

// The payload hash for a body that is not part of the signature (presigned URLs, S3 only).
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
// SHA-256 of the empty string: the payload hash of a request without a body.
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The parts of a request that are signed.
struct RequestToSign {
  std::string method = "GET";
  // The Host header as sent: the host name, with ":port" when the port is not the scheme's default.
  std::string host;
  // The path as sent, percent-encoded (see UriEncodePath).
  std::string path = "/";
  // Query parameters, decoded; the signer encodes and sorts them.
  std::vector<std::pair<std::string, std::string>> query;
  // Further headers to sign (any case; repeated names are joined with commas). Host, X-Amz-Date
  // and X-Amz-Security-Token are added by the signer and must not be given here.
  net::Headers headers;
  // Lower-case hex SHA-256 of the body, or kUnsignedPayload (Presign).
  std::string payload_hash = std::string(kEmptyPayloadHash);
};

// The intermediate texts and the result of one signature.
struct SignatureSteps {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-amz-date"
  std::string signature;       // 64 lower-case hex digits
};

struct HeaderSignature {
  SignatureSteps steps;
  std::string authorization;  // the Authorization header's value
  // The headers to add to the request: X-Amz-Date, X-Amz-Security-Token (when the credentials
  // have one) and Authorization.
  net::Headers headers;
};

struct QuerySignature {
  SignatureSteps steps;
  // The complete query string to send after '?': the request's parameters and the X-Amz-*
  // parameters, sorted and encoded, ending with X-Amz-Signature.
  std::string query;
};

// Signs `request` at `now` (the X-Amz-Date) for the Authorization header.
HeaderSignature SignWithHeaders(const Credentials& credentials, const SigningScope& scope,
                                const RequestToSign& request, Micros now);

// Signs `request` at `now` into query parameters valid for `expires_seconds` (1..604800).
// Only the headers in `request.headers` and Host are signed, so the URL works from any client.
QuerySignature Presign(const Credentials& credentials, const SigningScope& scope,
                       const RequestToSign& request, Micros now, int expires_seconds);

// --- the steps, exposed for tests and for callers that build URLs ---

// RFC 3986 percent-encoding as AWS specifies it: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX
// (upper-case hex); '/' is kept when `keep_slash`.
std::string UriEncode(std::string_view bytes, bool keep_slash);

// A raw path (bytes, starting with '/') percent-encoded for the wire, slashes kept.
inline std::string UriEncodePath(std::string_view raw_path) {
  return UriEncode(raw_path, true);
}

// The canonical URI of a path as sent, under `rule`.
std::string CanonicalUri(std::string_view path, PathRule rule);

// The canonical query string: names and values encoded, sorted by name then value.
std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

// "20150830T123600Z" for `now`.
std::string AmzDate(Micros now);

// The derived key HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"),
// raw bytes. `date` is YYYYMMDD.
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);

}  // namespace chronotrail::aws
