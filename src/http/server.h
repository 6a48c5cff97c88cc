// Server: the listening socket, the thread pool running Asio, and graceful shutdown.
//
//   Server server(config, dispatcher);
//   unsigned short port = server.Listen();   // binds; throws std::runtime_error on failure
//   server.Run();                            // serves until SIGTERM/SIGINT, then drains
//
// On SIGTERM or SIGINT (or Stop()) the server stops accepting, closes idle connections, lets
// requests in progress finish and answer, and returns from Run() once every connection is gone,
// or after SHUTDOWN_TIMEOUT_SECONDS at the latest.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <list>
#include <memory>
#include <mutex>

#include "core/config.h"
#include "http/dispatcher.h"

namespace chronotrail::http {

class Session;

class Server {
 public:
  Server(const Config& config, Dispatcher& dispatcher);
  ~Server();

  unsigned short Listen();
  void Run();
  // Begins graceful shutdown. Thread-safe; idempotent.
  void Stop();

 private:
  void Accept();
  void BeginShutdown();
  void SessionEnded();

  const Config& config_;
  Dispatcher& dispatcher_;

  // Declared before io_ so that sessions destroyed with io_ can still report to them.
  std::mutex mu_;  // guards the fields below
  std::list<std::weak_ptr<Session>> sessions_;
  size_t open_sessions_ = 0;
  bool stopping_ = false;
  bool io_stopped_ = false;  // the deadline passed: no more posting to io_

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer deadline_;
  // After a failed accept (out of file descriptors): a pause before the next, so that a backlog
  // the server cannot take yet does not spin a thread.
  boost::asio::steady_timer accept_pause_;
};

}  // namespace chronotrail::http
