// CredentialProvider: where AWS calls get the keys they sign with.
//
// Two sources, chosen from the environment as the AWS SDKs choose them:
//   - static keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for
//     temporary ones), for development and for hosts outside AWS;
//   - the ECS task role: the container agent serves temporary keys over HTTP at
//     http://169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or at
//     AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http to a loopback or ECS/EKS agent address),
//     with AWS_CONTAINER_AUTHORIZATION_TOKEN (or the contents of
//     AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) as its Authorization header. Those keys are cached
//     and fetched again 5 minutes before their Expiration, so a request never signs with keys
//     about to lapse.
// The environment is read once, when the provider is made; tests pass their own.
//
// Errors: Get() throws ApiError(kUnavailable) when no keys can be had (none configured, the
// endpoint down or answering nonsense). While cached keys are still valid a failed refresh keeps
// using them. Secrets are never logged and never appear in error messages.
// Thread safety: Get() may be called from any number of threads at once.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/sigv4.h"
#include "core/time.h"

namespace chronotrail::aws {

using Environment = std::map<std::string, std::string>;

// The process environment as a map.
Environment ProcessEnvironment();

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // Keys valid now (and for at least a few more minutes).
  virtual Credentials Get() = 0;
};

// Keys that never change.
class StaticCredentialProvider : public CredentialProvider {
 public:
  explicit StaticCredentialProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Credentials Get() override { return credentials_; }

 private:
  const Credentials credentials_;
};

// The ECS container credentials endpoint, cached until shortly before expiry.
class ContainerCredentialProvider : public CredentialProvider {
 public:
  // `url` is the endpoint; `authorization` the Authorization header to send (may be empty);
  // `authorization_file`, when not empty, is read at each fetch instead (the token is rotated).
  // `clock` must outlive the provider.
  ContainerCredentialProvider(std::string url, std::string authorization,
                              std::string authorization_file, const Clock& clock,
                              Micros refresh_before_expiry = 5 * 60 * kMicrosPerSecond);

  Credentials Get() override;

  // When the cached keys expire (nullopt before the first fetch). For tests and diagnostics.
  std::optional<Micros> cached_expiration() const;

 private:
  struct Fetched {
    Credentials credentials;
    Micros expiration = 0;
  };
  Fetched Fetch() const;

  const std::string url_;
  const std::string authorization_;
  const std::string authorization_file_;
  const Clock& clock_;
  const Micros refresh_before_expiry_;
  mutable std::mutex mu_;  // held during a fetch, so concurrent callers wait for one fetch
  std::optional<Fetched> cached_;
};

// The provider the environment `env` configures: static keys when AWS_ACCESS_KEY_ID is set, else
// the container endpoint when one of its variables is set, else a provider whose Get() throws
// kUnavailable explaining what to set. Throws ApiError(kUnavailable) for a configuration that
// can never work (a key id without a secret, a FULL_URI over plain HTTP to a remote host).
std::unique_ptr<CredentialProvider> CredentialsFromEnvironment(
    const Environment& env, const Clock& clock = SystemClock::Instance());

}  // namespace chronotrail::aws
