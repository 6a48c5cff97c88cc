#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chronotrail::testing {

namespace http = boost::beast::http;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  http::fields headers;
  std::string body;

  // The header's value, or "" when it is absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The body parsed as JSON; throws with the body in the message when it is not JSON.
  boost::json::value json() const;
};

// A synchronous HTTP/1.1 client on one keep-alive connection to 127.0.0.1:port, as a browser or
// a phone would hold it. Every operation gives up after a timeout instead of hanging the test run.
// It reconnects only when the server announced or caused the end of the previous connection, and
// counts its connections so that tests can tell whether keep-alive held.
class HttpClient {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout = std::chrono::seconds(10);

  // Connects at once; throws when the server refuses.
  explicit HttpClient(std::uint16_t port, std::chrono::milliseconds timeout = kDefaultTimeout);
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request (Host, User-Agent and Content-Length are filled in; `headers` come last and
  // win) and reads its response. Throws when no response arrives.
  HttpResponse request(http::verb method, std::string_view target, std::string_view body = {},
                       const Headers& headers = {});

  // Writes bytes as they are, for requests no well-behaved client would send.
  void send_raw(std::string_view bytes);
  // Reads the next response on the connection. `to_head` says the request was a HEAD (its
  // response has no body whatever Content-Length says).
  HttpResponse read_response(bool to_head = false);

  // Whether the server closed the connection (end-of-file or reset) within `wait`. Bytes that
  // arrive meanwhile are kept for read_response.
  bool closed_by_server(std::chrono::milliseconds wait);

  // Closes the connection from this side, as a client does once a response said Connection: close.
  void close();

  int connections_opened() const { return connections_opened_; }
  // Whether the next request goes out on this same connection: it is open and the last response
  // did not announce its end (Connection: close).
  bool connected() const { return socket_.is_open() && keep_alive_; }
  std::uint16_t port() const { return port_; }

  // Whether a TCP connection to 127.0.0.1:port is accepted at all.
  static bool CanConnect(std::uint16_t port);

 private:
  void connect();

  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool keep_alive_ = true;
  int connections_opened_ = 0;
};

}  // namespace chronotrail::testing
