// Session: one client connection, served by the life cycle
//   read header → (100-continue) → read body → dispatch → write → read header again, or close.
// Waiting for a request is bounded by IDLE_TIMEOUT_SECONDS, reading its body by
// READ_TIMEOUT_SECONDS (per read), and its size by MAX_HEADER_BYTES / MAX_BODY_BYTES; all I/O is
// asynchronous, so a slow client occupies a socket, never a thread. Upload routes read their body
// in pieces into the route's sink (bounded by MAX_UPLOAD_MB) instead of into memory.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/config.h"
#include "http/dispatcher.h"

namespace chronotrail::http {

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `on_close` runs once when the session ends (the server's bookkeeping).
  Session(boost::asio::ip::tcp::socket socket, Dispatcher& dispatcher, const Config& config,
          std::function<void()> on_close);
  ~Session();

  // Starts serving on the session's strand.
  void Start();

  // Graceful shutdown: an idle connection closes now; one with a request in progress finishes
  // it and then closes. Thread-safe.
  void Drain();

 private:
  using Parser = beast_http::request_parser<beast_http::string_body>;
  using UploadParser = beast_http::request_parser<beast_http::buffer_body>;

  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  // Uploads: the body goes to the route's sink piece by piece instead of into memory.
  void StartUpload();
  void ReadUploadPiece();
  void OnUploadPiece(boost::beast::error_code ec);
  // Sends a 100 Continue when the client asked for one, then `next`.
  void ContinueThen(void (Session::*next)());
  void Respond(RawResponse response);
  // Sends the head of `out`, then the pieces of its body stream as they are made.
  void RespondStreamed(Outgoing out);
  void WriteNextPiece(bool chunked, bool keep_alive);
  void OnWrite(bool keep_alive, boost::beast::error_code ec);
  void RejectRead(boost::beast::error_code ec);
  void CloseGracefully();
  void Discard();
  void Close();

  boost::beast::tcp_stream stream_;
  boost::asio::ip::address peer_;  // the TCP peer, for rate limits and logs
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::optional<UploadParser> upload_parser_;
  std::unique_ptr<Dispatcher::PendingUpload> upload_;
  std::vector<char> upload_buffer_;
  std::array<char, 4096> discard_;
  std::shared_ptr<void> pending_write_;  // keeps the message being written alive
  BodyStream body_stream_;               // the source of a streamed response in progress
  Dispatcher& dispatcher_;
  const Config& config_;
  std::function<void()> on_close_;
  bool busy_ = false;      // a request is being read, served or answered
  bool draining_ = false;  // shutdown asked: close after the current response
};

}  // namespace chronotrail::http
