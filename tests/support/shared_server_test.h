#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "support/api_client.h"
#include "support/server_process.h"

namespace chronotrail::testing {

// A fixture whose tests share one server, started once for the suite: starting a server per test
// would make the suite slow, and tests that each work as a user of their own do not interfere.
// A suite configures its server by declaring `static Environment ServerEnvironment()`.
//
//   class HttpNotes : public SharedServerTest<HttpNotes> {};
template <typename Suite>
class SharedServerTest : public ::testing::Test {
 public:
  static Environment ServerEnvironment() { return {}; }

  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<ServerProcess>(Suite::ServerEnvironment());
    } catch (const std::exception& e) {
      start_error_ = e.what();  // Reported by every test of the suite in SetUp.
    }
  }

  static void TearDownTestSuite() { server_.reset(); }

 protected:
  void SetUp() override {
    if (!server_) GTEST_FAIL() << "the suite's server did not start: " << start_error_;
    if (!server_->running()) {
      if (!crash_reported_) {
        ADD_FAILURE() << "the server died after the previous test with exit code "
                      << server_->wait_for_exit({}).value_or(-1) << "; stderr:\n"
                      << server_->stderr_text();
      }
      // The tests after a crash still deserve a live server to say what they can.
      crash_reported_ = false;
      server_->restart();
    }
  }

  // Blames a server crash on the test during which it happened, instead of leaving a bare
  // "connection refused" or "end of stream" to puzzle over.
  void TearDown() override {
    if (!server_) return;
    // A crash shows first as a failed read; the process may take a moment more to be gone.
    std::optional<int> exit_code = server_->wait_for_exit(
        HasFailure() ? std::chrono::milliseconds(300) : std::chrono::milliseconds(0));
    if (exit_code) {
      crash_reported_ = true;
      ADD_FAILURE() << "the server died during this test with exit code " << *exit_code
                    << "; stderr:\n"
                    << server_->stderr_text();
    }
  }

  static ServerProcess& server() { return *server_; }

  // A new user with a token of its own, on a connection of its own. Pro unless said otherwise:
  // the daily limits and history window of the lower tiers have tests of their own and would
  // otherwise stand in the way of tests about something else.
  static ApiClient NewUser(std::string_view tier = "pro") {
    std::string email = UniqueEmail();
    return ApiClient(server_->port(), server_->create_token(email, tier), email);
  }

  // A caller without credentials.
  static ApiClient Anonymous() { return ApiClient(server_->port(), ""); }

 private:
  inline static std::unique_ptr<ServerProcess> server_;
  inline static std::string start_error_;
  inline static bool crash_reported_ = false;
};

}  // namespace chronotrail::testing
