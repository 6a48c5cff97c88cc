// Connections that hold the server's resources without asking anything: 2,000 idle connections,
// a slow-loris client dribbling its header and one dribbling its body. Others are still answered
// while they are open, and the server closes them once their time is up.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/payloads.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

constexpr int kIdleConnections = 2000;
constexpr int kIdleTimeoutSeconds = 4;

constexpr rlim_t kFilesNeeded = 2 * kIdleConnections + 200;  // both ends of each connection

// The server gets this process's limit on open files. Raises the soft limit to the hard one (and
// the hard one too, which root may); returns the limit now in force.
rlim_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_max < kFilesNeeded) {
    rlimit raised{kFilesNeeded, kFilesNeeded};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return kFilesNeeded;
  }
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

// True once the server has closed `socket` (a read gives end of stream or a reset).
bool ClosedByServer(tcp::socket& socket) {
  socket.non_blocking(true);
  char byte;
  boost::system::error_code ec;
  socket.read_some(asio::buffer(&byte, 1), ec);
  return ec && ec != asio::error::would_block;
}

// Sends `bytes` one at a time, `pause` apart, until done or the server closes the connection;
// returns how many it managed to send.
size_t Dribble(tcp::socket& socket, std::string_view bytes, std::chrono::milliseconds pause,
               std::chrono::seconds give_up) {
  const auto end = std::chrono::steady_clock::now() + give_up;
  size_t sent = 0;
  while (sent < bytes.size() && std::chrono::steady_clock::now() < end) {
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes.data() + sent, 1), ec);
    if (ec || ClosedByServer(socket)) break;
    ++sent;
    std::this_thread::sleep_for(pause);
  }
  return sent;
}

TEST(HttpConnectionFlood, IdleAndSlowClientsDoNotStopOthersAndAreClosedInTime) {
  if (rlim_t files = RaiseOpenFileLimit(); files < kFilesNeeded) {
    GTEST_SKIP() << "this machine allows " << files << " open files; the test needs "
                 << kFilesNeeded;
  }
  ServerProcess server({{"IDLE_TIMEOUT_SECONDS", std::to_string(kIdleTimeoutSeconds)},
                        {"READ_TIMEOUT_SECONDS", std::to_string(kIdleTimeoutSeconds)}});
  ApiClient ana(server.port(), server.create_token(UniqueEmail(), "pro"));
  asio::io_context io;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server.port());

  std::vector<std::unique_ptr<tcp::socket>> idle;
  for (int i = 0; i < kIdleConnections; ++i) {
    idle.push_back(std::make_unique<tcp::socket>(io));
    idle.back()->connect(endpoint);
  }
  const std::string header =
      "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n";
  const std::string body_head =
      "POST /api/v1/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ana.token() +
      "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n";
  size_t header_sent = 0, body_sent = 0;
  std::thread slow_header([&] {
    tcp::socket socket(io);
    socket.connect(endpoint);
    header_sent = Dribble(socket, header, 300ms, 30s);
  });
  std::thread slow_body([&] {
    tcp::socket socket(io);
    socket.connect(endpoint);
    asio::write(socket, asio::buffer(body_head));
    body_sent = Dribble(socket, std::string(400, ' '), 300ms, 30s);
  });

  // Everyone else, meanwhile.
  std::this_thread::sleep_for(500ms);
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_TRUE(HasStatus(ApiClient(server.port(), "").get("/health"), 200));
  HttpResponse created = ana.post("/api/v1/notes", ValidNote());
  EXPECT_TRUE(HasStatus(created, 201));
  EXPECT_TRUE(HasStatus(ana.get("/api/v1/notes/" + StringAt(created.json(), "id")), 200));
  RecordProperty("others_answered_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - asked)
                                      .count()));

  // The slow clients are cut off at the deadline, long before they finish.
  slow_header.join();
  slow_body.join();
  EXPECT_LT(header_sent, header.size()) << "the server waited for a header sent a byte at a time";
  EXPECT_LT(body_sent, 400u) << "the server waited for a body sent a byte at a time";
  // And the idle connections are closed once idle for the timeout.
  std::this_thread::sleep_for(std::chrono::seconds(kIdleTimeoutSeconds) + 2s);
  int still_open = 0;
  for (auto& socket : idle) still_open += ClosedByServer(*socket) ? 0 : 1;
  EXPECT_EQ(still_open, 0);
  // A new connection (ana's own was idle too, and closed like the others).
  EXPECT_TRUE(HasStatus(ApiClient(server.port(), ana.token()).get("/api/v1/notes"), 200));
}

}  // namespace
}  // namespace chronotrail::testing
