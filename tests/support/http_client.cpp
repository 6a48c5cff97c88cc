#include "support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <functional>
#include <stdexcept>

namespace chronotrail::testing {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using Completion = std::function<void(error_code, std::size_t)>;

// Runs one asynchronous operation on `io` and cancels it if it has not completed after
// `timeout`. Plain synchronous socket calls cannot time out, and a hung test run says nothing
// about what the server did wrong.
error_code RunWithTimeout(asio::io_context& io, tcp::socket& socket,
                          std::chrono::milliseconds timeout,
                          const std::function<void(Completion)>& start,
                          std::size_t* transferred = nullptr) {
  error_code result = asio::error::would_block;
  bool done = false;
  start([&](error_code ec, std::size_t n) {
    result = ec;
    done = true;
    if (transferred) *transferred = n;
  });
  io.restart();
  io.run_for(timeout);
  if (!done) {
    error_code ignored;
    socket.cancel(ignored);
    io.restart();
    io.run();
    result = asio::error::timed_out;
  }
  return result;
}

bool IsDisconnect(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == http::error::end_of_stream;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : std::string(it->value());
}

bool HttpResponse::has_header(std::string_view name) const {
  return headers.find(name) != headers.end();
}

boost::json::value HttpResponse::json() const {
  error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) {
    throw std::runtime_error("response " + std::to_string(status) + " is not JSON (" +
                             ec.message() + "): " + body);
  }
  return value;
}

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout), socket_(io_) {
  connect();
}

bool HttpClient::CanConnect(std::uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  error_code ec;
  // Loopback connects complete or fail at once, so no timeout is needed here.
  socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

void HttpClient::connect() {
  close();
  error_code ec;
  socket_.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
  if (ec) {
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port_) + ": " + ec.message());
  }
  // As curl and browsers do: a request written in pieces must not wait for delayed ACKs.
  socket_.set_option(tcp::no_delay(true), ec);
  keep_alive_ = true;
  ++connections_opened_;
}

void HttpClient::close() {
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  buffer_.clear();
}

HttpResponse HttpClient::request(http::verb method, std::string_view target, std::string_view body,
                                 const Headers& headers) {
  if (!connected()) connect();
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  request.set(http::field::user_agent, "chronotrail-tests");
  request.body() = std::string(body);
  request.prepare_payload();
  for (const auto& [name, value] : headers) request.set(name, value);

  error_code ec = RunWithTimeout(
      io_, socket_, timeout_, [&](Completion done) { http::async_write(socket_, request, done); });
  // A server that rejects a request early (413, 431) may close before reading all of it; its
  // response is still waiting to be read, so a failed write is not the end.
  if (ec && !IsDisconnect(ec)) {
    close();
    throw std::runtime_error("writing " + std::string(target) + ": " + ec.message());
  }
  return read_response(method == http::verb::head);
}

void HttpClient::send_raw(std::string_view bytes) {
  if (!socket_.is_open()) connect();
  error_code ec = RunWithTimeout(io_, socket_, timeout_, [&](Completion done) {
    asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()), done);
  });
  if (ec) throw std::runtime_error("sending raw bytes: " + ec.message());
}

HttpResponse HttpClient::read_response(bool to_head) {
  if (!socket_.is_open()) throw std::runtime_error("reading a response: connection is closed");
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(to_head);
  error_code ec = RunWithTimeout(io_, socket_, timeout_, [&](Completion done) {
    http::async_read(socket_, buffer_, parser, done);
  });
  if (ec) {
    close();
    throw std::runtime_error("reading a response: " + ec.message());
  }
  http::response<http::string_body> message = parser.release();
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  response.headers = message.base();
  response.body = std::move(message.body());
  // Left open, so that closed_by_server() can tell whether the server kept its word.
  keep_alive_ = message.keep_alive();
  return response;
}

bool HttpClient::closed_by_server(std::chrono::milliseconds wait) {
  if (!socket_.is_open()) return true;
  std::size_t received = 0;
  error_code ec = RunWithTimeout(
      io_, socket_, wait,
      [&](Completion done) { socket_.async_read_some(buffer_.prepare(4096), done); }, &received);
  buffer_.commit(received);
  if (IsDisconnect(ec)) {
    close();
    return true;
  }
  return false;
}

}  // namespace chronotrail::testing
