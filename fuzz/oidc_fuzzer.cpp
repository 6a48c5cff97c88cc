// What an OpenID provider sends us, and the tokens signed by it: the discovery document, the JSON
// Web Key Set, and a bearer token, through OidcVerifier as AUTH_MODE=oidc runs it. Input: the
// token, "\n--\n", the discovery document, "\n--\n", the JWKS. The verifier is made anew for
// each input (its key cache would otherwise make one input depend on the last). ApiError
// (401/503) is the expected way to refuse.
#include <cstdint>
#include <string>

#include "core/error.h"
#include "fuzz_input.h"
#include "services/auth/jwks.h"
#include "services/auth/oidc_verifier.h"

namespace {

using namespace chronotrail;
using fuzz::Check;

constexpr std::string_view kSeparator = "\n--\n";
constexpr const char* kIssuer = "https://issuer.example";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = fuzz::AsText(data, size);
  const std::string_view token = fuzz::TakeUntil(rest, kSeparator);
  const std::string discovery(fuzz::TakeUntil(rest, kSeparator));
  const std::string key_set(rest);

  // Every key kept must be usable, whatever else the document held.
  if (std::optional<jwks::KeySet> keys = jwks::ParseKeySet(key_set)) {
    for (const auto& [kid, key] : *keys) {
      Check(key && key->key && key->kid == kid, "a kept key is unusable");
    }
  }

  OidcOptions options;
  options.issuers.push_back({kIssuer, "chronotrail", false});
  OidcVerifier verifier(std::move(options), [&](const std::string& url) {
    return url.ends_with("/.well-known/openid-configuration") ? discovery : key_set;
  });
  try {
    Identity who = verifier.Verify(token, 1710244800LL * kMicrosPerSecond);
    Check(who.issuer == kIssuer && !who.subject.empty(), "accepted a token without iss or sub");
  } catch (const ApiError&) {
    // Refused: the expected outcome for anything but the seeds.
  }
  return 0;
}
