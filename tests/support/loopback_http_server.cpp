#include "support/loopback_http_server.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace chronotrail::testing {

namespace http = boost::beast::http;
using boost::asio::ip::tcp;

LoopbackHttpServer::LoopbackHttpServer(Handler handler)
    : handler_(std::move(handler)),
      acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { Serve(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stopping_ = true;
  // Wakes the blocking accept with a connection of our own.
  boost::system::error_code ignored;
  tcp::socket wake(io_);
  wake.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ignored);
  thread_.join();
}

std::string LoopbackHttpServer::Url(const std::string& target) const {
  return "http://127.0.0.1:" + std::to_string(port_) + target;
}

void LoopbackHttpServer::Serve() {
  while (!stopping_) {
    tcp::socket socket(io_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) continue;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> in;
    http::read(socket, buffer, in, ec);
    if (ec) continue;
    Request request;
    request.method = std::string(in.method_string());
    request.target = std::string(in.target());
    for (const auto& field : in) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body = in.body();
    Response answer = handler_(request);
    http::response<http::string_body> out{static_cast<http::status>(answer.status), 11};
    out.set(http::field::content_type, answer.content_type);
    out.body() = answer.body;
    out.keep_alive(false);
    out.prepare_payload();
    http::write(socket, out, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

}  // namespace chronotrail::testing
