// Where AWS keys come from: the standard environment variables, or the ECS container credentials
// endpoint (served here by a loopback HTTP server), cached until shortly before they expire.
#include "aws/credentials.h"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>

#include "core/error.h"
#include "support/fixed_clock.h"
#include "support/loopback_http_server.h"
#include "support/temp_dir.h"

namespace chronotrail::aws {
namespace {

using testing::FixedClock;
using testing::LoopbackHttpServer;

constexpr Micros kMinute = 60 * kMicrosPerSecond;

std::string ErrorOf(const std::function<void()>& action, ErrorKind expected_kind) {
  try {
    action();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), expected_kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no ApiError thrown";
  return "";
}

TEST(AwsCredentialsTest, StaticKeysComeFromTheStandardVariables) {
  FixedClock clock("2024-05-01T12:00:00Z");
  auto provider = CredentialsFromEnvironment({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                              {"AWS_SECRET_ACCESS_KEY", "secret-env"},
                                              {"AWS_SESSION_TOKEN", "token-env"},
                                              {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x"}},
                                             clock);
  Credentials keys = provider->Get();
  EXPECT_EQ(keys.access_key_id, "AKIDENV");
  EXPECT_EQ(keys.secret_access_key, "secret-env");
  EXPECT_EQ(keys.session_token, "token-env");
}

TEST(AwsCredentialsTest, AKeyIdWithoutASecretIsRefusedWithoutQuotingIt) {
  std::string message = ErrorOf(
      [] {
        CredentialsFromEnvironment({{"AWS_SECRET_ACCESS_KEY", "only-the-secret"}});
      },
      ErrorKind::kUnavailable);
  EXPECT_NE(message.find("AWS_ACCESS_KEY_ID"), std::string::npos);
  EXPECT_EQ(message.find("only-the-secret"), std::string::npos);
}

TEST(AwsCredentialsTest, NothingConfiguredFailsAtFirstUseNamingWhatToSet) {
  auto provider = CredentialsFromEnvironment({});
  std::string message = ErrorOf([&] { provider->Get(); }, ErrorKind::kUnavailable);
  EXPECT_NE(message.find("AWS_ACCESS_KEY_ID"), std::string::npos) << message;
}

TEST(AwsCredentialsTest, FullUriOverPlainHttpMustBeLocal) {
  ErrorOf(
      [] {
        CredentialsFromEnvironment(
            {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/c"}});
      },
      ErrorKind::kUnavailable);
  EXPECT_NO_THROW(CredentialsFromEnvironment(
      {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://example.com/c"}}));
  EXPECT_NO_THROW(CredentialsFromEnvironment(
      {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds"}}));
}

// A container credentials endpoint that hands out numbered keys expiring an hour after `clock`.
class ContainerEndpoint {
 public:
  explicit ContainerEndpoint(const FixedClock& clock)
      : clock_(clock),
        server_([this](const LoopbackHttpServer::Request& r) { return Answer(r); }) {}

  std::string Url() const { return server_.Url("/creds/task-1"); }
  int fetches() const {
    std::lock_guard lock(mu_);
    return fetches_;
  }
  std::string last_authorization() const {
    std::lock_guard lock(mu_);
    return last_authorization_;
  }
  void set_failing(bool failing) {
    std::lock_guard lock(mu_);
    failing_ = failing;
  }
  void set_body(std::string body) {
    std::lock_guard lock(mu_);
    body_override_ = std::move(body);
  }

 private:
  LoopbackHttpServer::Response Answer(const LoopbackHttpServer::Request& request) {
    std::lock_guard lock(mu_);
    auto auth = request.headers.find("authorization");
    last_authorization_ = auth == request.headers.end() ? "" : auth->second;
    if (failing_) return {500, "{}"};
    if (request.target != "/creds/task-1") return {404, "{}"};
    if (!body_override_.empty()) return {200, body_override_};
    ++fetches_;
    const std::string n = std::to_string(fetches_);
    return {200, "{\"RoleArn\":\"arn:aws:iam::1:role/t\",\"AccessKeyId\":\"ASIA" + n +
                     "\",\"SecretAccessKey\":\"secret-" + n + "\",\"Token\":\"token-" + n +
                     "\",\"Expiration\":\"" + FormatIsoTime(clock_.now + 60 * kMinute) + "\"}"};
  }

  const FixedClock& clock_;
  mutable std::mutex mu_;
  int fetches_ = 0;
  bool failing_ = false;
  std::string body_override_;
  std::string last_authorization_;
  LoopbackHttpServer server_;  // last: stopped before the state its handler uses
};

TEST(AwsCredentialsTest, ContainerKeysAreFetchedWithTheTokenAndCachedUntilNearExpiry) {
  FixedClock clock("2024-05-01T12:00:00Z");
  ContainerEndpoint endpoint(clock);
  auto provider =
      CredentialsFromEnvironment({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.Url()},
                                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer agent-token"}},
                                 clock);

  Credentials first = provider->Get();
  EXPECT_EQ(first.access_key_id, "ASIA1");
  EXPECT_EQ(first.secret_access_key, "secret-1");
  EXPECT_EQ(first.session_token, "token-1");
  EXPECT_EQ(endpoint.last_authorization(), "Bearer agent-token");

  clock.now += 54 * kMinute;  // 6 minutes before expiry: still cached
  EXPECT_EQ(provider->Get().access_key_id, "ASIA1");
  EXPECT_EQ(endpoint.fetches(), 1);

  clock.now += 2 * kMinute;  // 4 minutes before expiry: refreshed
  Credentials second = provider->Get();
  EXPECT_EQ(second.access_key_id, "ASIA2");
  EXPECT_EQ(second.session_token, "token-2");
  EXPECT_EQ(endpoint.fetches(), 2);
}

TEST(AwsCredentialsTest, TheAuthorizationTokenFileIsReadAtEachFetch) {
  FixedClock clock("2024-05-01T12:00:00Z");
  ContainerEndpoint endpoint(clock);
  testing::TempDir dir;
  const std::string token_file = (dir.path() / "token").string();
  std::ofstream(token_file) << "token-from-file\n";
  auto provider =
      CredentialsFromEnvironment({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.Url()},
                                  {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}},
                                 clock);
  provider->Get();
  EXPECT_EQ(endpoint.last_authorization(), "token-from-file");

  std::ofstream(token_file) << "rotated-token";
  clock.now += 59 * kMinute;
  provider->Get();
  EXPECT_EQ(endpoint.last_authorization(), "rotated-token");

  // A token that would smuggle another header into the request is refused.
  std::ofstream(token_file) << "t\r\nX-Evil: 1";
  clock.now += 61 * kMinute;  // the cached keys have expired
  ErrorOf([&] { provider->Get(); }, ErrorKind::kUnavailable);
}

TEST(AwsCredentialsTest, AFailedRefreshKeepsUnexpiredKeysThenFails) {
  FixedClock clock("2024-05-01T12:00:00Z");
  ContainerEndpoint endpoint(clock);
  ContainerCredentialProvider provider(endpoint.Url(), "", "", clock);
  EXPECT_EQ(provider.Get().access_key_id, "ASIA1");
  EXPECT_EQ(provider.cached_expiration(), clock.now + 60 * kMinute);

  endpoint.set_failing(true);
  clock.now += 58 * kMinute;  // due for refresh, not expired
  EXPECT_EQ(provider.Get().access_key_id, "ASIA1");
  clock.now += 3 * kMinute;  // expired
  std::string message = ErrorOf([&] { provider.Get(); }, ErrorKind::kUnavailable);
  EXPECT_NE(message.find("HTTP 500"), std::string::npos) << message;

  endpoint.set_failing(false);
  EXPECT_EQ(provider.Get().access_key_id, "ASIA2");
}

TEST(AwsCredentialsTest, AnIncompleteAnswerIsRefusedWithoutQuotingIt) {
  FixedClock clock("2024-05-01T12:00:00Z");
  ContainerEndpoint endpoint(clock);
  ContainerCredentialProvider provider(endpoint.Url(), "", "", clock);
  endpoint.set_body("{\"AccessKeyId\":\"ASIAX\",\"SecretAccessKey\":\"leaked-secret\"," +
                    std::string("\"Token\":\"t\",\"Expiration\":\"soon\"}"));
  std::string message = ErrorOf([&] { provider.Get(); }, ErrorKind::kUnavailable);
  EXPECT_NE(message.find("Expiration"), std::string::npos) << message;
  EXPECT_EQ(message.find("leaked-secret"), std::string::npos);

  endpoint.set_body("{\"AccessKeyId\":\"ASIAX\"}");
  message = ErrorOf([&] { provider.Get(); }, ErrorKind::kUnavailable);
  EXPECT_NE(message.find("SecretAccessKey"), std::string::npos) << message;
}

TEST(AwsCredentialsTest, AnUnreachableEndpointIsUnavailable) {
  FixedClock clock("2024-05-01T12:00:00Z");
  int closed_port = 0;
  {
    LoopbackHttpServer gone(
        [](const LoopbackHttpServer::Request&) { return LoopbackHttpServer::Response{}; });
    closed_port = gone.port();
  }
  ContainerCredentialProvider provider("http://127.0.0.1:" + std::to_string(closed_port) + "/c", "",
                                       "", clock);
  ErrorOf([&] { provider.Get(); }, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace chronotrail::aws
