// SIGTERM and SIGINT: stop accepting, let requests in flight finish, exit 0, lose nothing.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/json_text.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kExitTimeout = 10s;

class HttpGracefulShutdown : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace();
    token_ = server_->create_token(UniqueEmail(), "pro");
  }

  // Sends the headers of a POST /api/v1/notes and half of its body, waits until the server must
  // have read them, and returns the other half, which the caller sends later.
  std::string SendHalfANote(HttpClient& client, const std::string& text) {
    std::string body = ToJsonText(
        boost::json::object{{"text_content", text}, {"timestamp", "2024-03-12T09:14:00Z"}});
    std::size_t half = body.size() / 2;
    client.send_raw("POST /api/v1/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                    token_ + "\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, half));
    std::this_thread::sleep_for(100ms);
    return body.substr(half);
  }

  std::optional<ServerProcess> server_;
  std::string token_;
};

TEST_F(HttpGracefulShutdown, ARequestInFlightAtSigtermIsAnsweredThenTheServerExitsWithZero) {
  HttpClient client(server_->port());
  std::string rest = SendHalfANote(client, "finished after SIGTERM");
  server_->send_signal(SIGTERM);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(server_->wait_for_exit(0ms), std::nullopt) << "exited with a request in flight";

  client.send_raw(rest);
  HttpResponse response = client.read_response();
  ASSERT_TRUE(HasStatus(response, 201));
  EXPECT_EQ(StringAt(response.json(), "text_content"), "finished after SIGTERM");
  EXPECT_FALSE(client.connected()) << "the answer did not say Connection: close";
  client.close();
  EXPECT_EQ(server_->wait_for_exit(kExitTimeout), 0) << server_->stderr_text();
}

TEST_F(HttpGracefulShutdown, NewConnectionsAreRefusedOnceShutdownHasBegun) {
  HttpClient client(server_->port());
  std::string rest = SendHalfANote(client, "keeps the server busy");
  server_->send_signal(SIGTERM);
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(HttpClient::CanConnect(server_->port()));

  client.send_raw(rest);
  EXPECT_TRUE(HasStatus(client.read_response(), 201));
  client.close();
  EXPECT_EQ(server_->wait_for_exit(kExitTimeout), 0);
}

TEST_F(HttpGracefulShutdown, IdleKeepAliveConnectionsAreClosedAndDoNotHoldUpShutdown) {
  HttpClient idle(server_->port());
  ASSERT_TRUE(HasStatus(idle.request(http::verb::get, "/health"), 200));
  auto signalled = std::chrono::steady_clock::now();
  server_->send_signal(SIGTERM);
  EXPECT_TRUE(idle.closed_by_server(3s));
  idle.close();  // What a browser does when its pooled connection is closed under it.
  EXPECT_EQ(server_->wait_for_exit(kExitTimeout), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 3s)
      << "shutdown waited for an idle connection";
}

TEST_F(HttpGracefulShutdown, SigintShutsDownGracefullyToo) {
  ASSERT_TRUE(HasStatus(ApiClient(server_->port(), token_).get("/api/v1/notes"), 200));
  server_->send_signal(SIGINT);
  EXPECT_EQ(server_->wait_for_exit(kExitTimeout), 0) << server_->stderr_text();
}

TEST_F(HttpGracefulShutdown, RecordsAndTokensOutliveARestart) {
  std::string id;
  boost::json::value note;
  {
    ApiClient ana(server_->port(), token_);
    HttpResponse created = ana.post("/api/v1/notes", {{"text_content", "before restart"},
                                                      {"timestamp", "2024-03-12T09:14:00Z"}});
    ASSERT_TRUE(HasStatus(created, 201));
    note = created.json();
    id = StringAt(note, "id");
  }
  server_->send_signal(SIGTERM);
  ASSERT_EQ(server_->wait_for_exit(kExitTimeout), 0);
  server_->restart();

  ApiClient ana(server_->port(), token_);
  HttpResponse read = ana.get("/api/v1/notes/" + id);
  ASSERT_TRUE(HasStatus(read, 200));
  EXPECT_EQ(read.json(), note);
}

}  // namespace
}  // namespace chronotrail::testing
