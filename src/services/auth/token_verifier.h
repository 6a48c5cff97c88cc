// TokenVerifier: turns a bearer token into the identity it proves, or refuses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace chronotrail {

// Who a verified token speaks for.
struct Identity {
  std::string issuer;   // kLocalIssuer for tokens this server signed, else the issuer URL
  std::string subject;  // for local tokens: the user id; else the issuer's id for the person
  std::optional<std::string> email;
  Micros expires_at = 0;            // the token's exp: the identity may be trusted until then
  bool admin = false;               // may use the operator routes (/api/v1/admin/...)
  std::optional<std::string> name;  // how the person is called, when the token says
};

// The issuer name of tokens minted by this server (`chronotrail token create`).
inline constexpr std::string_view kLocalIssuer = "chronotrail-local";

class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // Verifies signature, algorithm, issuer, audience and validity period at `now`.
  // Throws ApiError(kUnauthenticated) with a short reason for any failure, and
  // ApiError(kUnavailable) when what is needed to check it (an issuer's keys) cannot be had.
  // Thread-safe.
  virtual Identity Verify(std::string_view token, Micros now) const = 0;
};

}  // namespace chronotrail
