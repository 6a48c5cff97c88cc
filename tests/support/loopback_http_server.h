#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace chronotrail::testing {

// A minimal HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for tests that need something to
// answer the server's outgoing calls (a credentials endpoint, a key set). Each connection carries
// one request, answered by `handler` on the server's own thread. Stopped on destruction.
class LoopbackHttpServer {
 public:
  struct Request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-case
    std::string body;
  };
  struct Response {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
  };
  using Handler = std::function<Response(const Request&)>;

  explicit LoopbackHttpServer(Handler handler);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  unsigned short port() const { return port_; }
  // "http://127.0.0.1:PORT" + target
  std::string Url(const std::string& target) const;

 private:
  void Serve();

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace chronotrail::testing
