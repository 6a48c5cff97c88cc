#include "http/server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <thread>
#include <vector>

#include "core/log.h"
#include "http/session.h"

namespace chronotrail::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Server::Server(const Config& config, Dispatcher& dispatcher)
    : config_(config),
      dispatcher_(dispatcher),
      io_(config.http_threads),
      acceptor_(asio::make_strand(io_)),
      signals_(io_, SIGTERM, SIGINT),
      deadline_(asio::make_strand(io_)),
      accept_pause_(io_) {}

Server::~Server() = default;

unsigned short Server::Listen() {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(config_.host, ec);
  if (ec) throw std::runtime_error("HOST is not an IP address: " + config_.host);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(config_.port));
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + config_.host + ":" +
                             std::to_string(config_.port) + ": " + ec.message());
  }
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint().port();
}

void Server::Run() {
  signals_.async_wait([this](boost::system::error_code ec, int signal) {
    if (ec) return;
    Log(LogLevel::kInfo, "shutdown_requested", {{"signal", signal}});
    BeginShutdown();
  });
  Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < config_.http_threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (std::thread& t : threads) t.join();
}

void Server::Stop() {
  asio::post(io_, [this] { BeginShutdown(); });
}

void Server::Accept() {
  acceptor_.async_accept(
      asio::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) {
          socket.set_option(tcp::no_delay(true), ec);
          auto session = std::make_shared<Session>(std::move(socket), dispatcher_, config_,
                                                   [this] { SessionEnded(); });
          {
            std::lock_guard lock(mu_);
            if (stopping_) return;  // raced with shutdown: drop the connection
            ++open_sessions_;
            // Forget sessions that have ended, so the list stays as long as the live ones.
            sessions_.remove_if([](const std::weak_ptr<Session>& s) { return s.expired(); });
            sessions_.push_back(session);
          }
          session->Start();
        } else {
          // Out of file descriptors and the like: connections in progress will end and free
          // some, so log, pause, and keep accepting.
          Log(LogLevel::kWarn, "accept_failed", {{"error", ec.message()}});
          accept_pause_.expires_after(std::chrono::milliseconds(100));
          accept_pause_.async_wait([this](boost::system::error_code wait_ec) {
            if (!wait_ec && acceptor_.is_open()) Accept();
          });
          return;
        }
        Accept();
      });
}

void Server::BeginShutdown() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& weak : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  signals_.cancel();
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  for (auto& s : live) s->Drain();
  live.clear();
  // The deadline lives on its own strand; SessionEnded() cancels it there.
  asio::post(deadline_.get_executor(), [this] {
    {
      std::lock_guard lock(mu_);
      if (open_sessions_ == 0) return;
    }
    deadline_.expires_after(std::chrono::seconds(config_.shutdown_timeout_seconds));
    deadline_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;  // cancelled: every connection finished in time
      Log(LogLevel::kWarn, "shutdown_timeout", {});
      {
        std::lock_guard lock(mu_);
        io_stopped_ = true;
      }
      io_.stop();
    });
  });
}

void Server::SessionEnded() {
  std::lock_guard lock(mu_);
  --open_sessions_;
  if (stopping_ && open_sessions_ == 0 && !io_stopped_) {
    asio::post(deadline_.get_executor(), [this] { deadline_.cancel(); });
  }
}

}  // namespace chronotrail::http
