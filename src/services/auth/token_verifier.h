// TokenVerifier: turns a bearer token into the identity it proves, or refuses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace chronotrail {

// Who a verified token speaks for.
struct Identity {
  std::string issuer;   // kLocalIssuer for tokens this server signed
  std::string subject;  // for local tokens: the user id
  std::optional<std::string> email;
  Micros expires_at = 0;  // the token's exp: the identity may be trusted until then
  bool admin = false;     // may use the operator routes (/api/v1/admin/...)
};

// The issuer name of tokens minted by this server (`chronotrail token create`).
inline constexpr std::string_view kLocalIssuer = "chronotrail-local";

class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // Verifies signature, algorithm, issuer, audience and validity period at `now`.
  // Throws ApiError(kUnauthenticated) with a short reason for any failure. Thread-safe.
  virtual Identity Verify(std::string_view token, Micros now) const = 0;
};

}  // namespace chronotrail
