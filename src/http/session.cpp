#include "http/session.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/json.hpp>
#include <chrono>

#include "core/log.h"

namespace chronotrail::http {

namespace beast = boost::beast;
using namespace std::chrono_literals;

namespace {
// How much of an upload's body is read from the socket, and handed to its sink, at a time.
constexpr std::size_t kUploadPieceBytes = 64 * 1024;
}  // namespace

Session::Session(boost::asio::ip::tcp::socket socket, Dispatcher& dispatcher, const Config& config,
                 std::function<void()> on_close)
    : stream_(std::move(socket)),
      dispatcher_(dispatcher),
      config_(config),
      on_close_(std::move(on_close)) {
  boost::system::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_ = endpoint.address();
}

Session::~Session() {
  if (on_close_) on_close_();
}

void Session::Start() {
  boost::asio::dispatch(stream_.get_executor(),
                        beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
}

void Session::Drain() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->draining_ = true;
    // Bytes of a next request already arrived count as a request in progress.
    bool started =
        self->busy_ || self->buffer_.size() > 0 || (self->parser_ && self->parser_->got_some());
    if (!started) self->Close();
  });
}

void Session::ReadHeader() {
  if (draining_) return Close();
  busy_ = false;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(config_.max_header_bytes));
  // The larger of the two limits: a request whose Content-Length passes it is refused with the
  // header; OnHeader applies the ordinary limit to everything that is not an upload.
  parser_->body_limit(
      std::max<std::uint64_t>(config_.max_body_bytes, config_.MaxUploadBodyBytes()));
  stream_.expires_after(std::chrono::seconds(config_.idle_timeout_seconds));
  beast_http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void Session::OnHeader(beast::error_code ec) {
  if (ec) return RejectRead(ec);
  busy_ = true;
  if (dispatcher_.IsUpload(parser_->get())) return StartUpload();
  auto length = parser_->content_length();
  if (length && *length > config_.max_body_bytes) {
    return RejectRead(beast_http::error::body_limit);
  }
  parser_->body_limit(config_.max_body_bytes);
  // Most requests (every GET) have no body: serve them without another trip through the reactor.
  if (parser_->is_done()) return OnBody({});
  ContinueThen(&Session::ReadBody);
}

void Session::ContinueThen(void (Session::*next)()) {
  const auto& req = parser_ ? parser_->get() : upload_->head;
  auto expect = req.find(beast_http::field::expect);
  if (expect == req.end() || !beast::iequals(expect->value(), "100-continue")) {
    return (this->*next)();
  }
  // The client waits for this before sending a large body.
  auto cont = std::make_shared<beast_http::response<beast_http::empty_body>>(
      beast_http::status::continue_, req.version());
  pending_write_ = cont;
  stream_.expires_after(std::chrono::seconds(config_.read_timeout_seconds));
  beast_http::async_write(stream_, *cont,
                          [self = shared_from_this(), next](beast::error_code ec, size_t) {
                            if (ec) return self->Close();
                            ((*self).*next)();
                          });
}

void Session::StartUpload() {
  Dispatcher::UploadStart start = dispatcher_.BeginUpload(parser_->get(), peer_);
  if (!start.upload) {
    // Refused before the body was read: the connection cannot be reused unless there was none.
    if (!parser_->is_done()) start.refusal.message.keep_alive(false);
    return Respond(std::move(start.refusal.message));
  }
  upload_ = std::move(start.upload);
  upload_parser_.emplace(std::move(*parser_));
  parser_.reset();
  upload_parser_->body_limit(config_.MaxUploadBodyBytes());
  upload_buffer_.resize(kUploadPieceBytes);
  // Beast reads as much as buffer_ has room for (512 bytes at least), and the body parser empties
  // it after every read: with only the room the request head needed, a 100 MB body arrives in
  // some 200,000 reads of ~512 bytes, each with its timer and handler, which made uploads several
  // times slower than the disk. Room for a whole piece makes it ~1,600 reads.
  buffer_.reserve(kUploadPieceBytes);
  if (upload_parser_->is_done()) return OnUploadPiece({});
  ContinueThen(&Session::ReadUploadPiece);
}

void Session::ReadUploadPiece() {
  auto& body = upload_parser_->get().body();
  body.data = upload_buffer_.data();
  body.size = upload_buffer_.size();
  body.more = true;
  stream_.expires_after(std::chrono::seconds(config_.read_timeout_seconds));
  beast_http::async_read_some(
      stream_, buffer_, *upload_parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnUploadPiece(ec); });
}

void Session::OnUploadPiece(beast::error_code ec) {
  if (ec == beast_http::error::need_buffer) ec = {};
  auto end_upload = [this] {
    upload_.reset();  // an unfinished sink discards what it stored
    upload_parser_.reset();
    upload_buffer_ = {};
    buffer_.shrink_to_fit();  // an idle keep-alive connection holds no upload-sized buffer
  };
  if (ec) {
    unsigned version = upload_->head.version();
    end_upload();
    if (ec == beast_http::error::body_limit) {
      return Respond(dispatcher_.Reject(
          ErrorKind::kPayloadTooLarge, "Upload is too large",
          boost::json::object{{"limit_bytes", config_.MaxUploadBodyBytes()}}, version));
    }
    return Close();
  }
  size_t got = upload_buffer_.size() - upload_parser_->get().body().size;
  if (got > 0) {
    auto refusal = dispatcher_.FeedUpload(*upload_, {upload_buffer_.data(), got});
    if (refusal) {
      end_upload();
      refusal->message.keep_alive(false);  // the rest of the body will not be read
      return Respond(std::move(refusal->message));
    }
  }
  if (!upload_parser_->is_done()) return ReadUploadPiece();
  Outgoing out = dispatcher_.FinishUpload(*upload_);
  end_upload();
  if (draining_) out.message.keep_alive(false);
  Respond(std::move(out.message));
}

void Session::ReadBody() {
  stream_.expires_after(std::chrono::seconds(config_.read_timeout_seconds));
  beast_http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void Session::OnBody(beast::error_code ec) {
  if (ec) return RejectRead(ec);
  Outgoing out = dispatcher_.Serve(parser_->get(), peer_);
  if (draining_) out.message.keep_alive(false);
  if (out.stream) return RespondStreamed(std::move(out));
  Respond(std::move(out.message));
}

void Session::RespondStreamed(Outgoing out) {
  using Head = beast_http::response<beast_http::empty_body>;
  using HeadWriter = beast_http::response_serializer<beast_http::empty_body>;
  auto head = std::make_shared<Head>(std::move(out.message.base()));
  auto writer = std::make_shared<HeadWriter>(*head);
  pending_write_ =
      std::make_shared<std::pair<std::shared_ptr<Head>, std::shared_ptr<HeadWriter>>>(head, writer);
  body_stream_ = std::move(out.stream);
  const bool chunked = head->chunked();
  const bool keep_alive = head->keep_alive();
  stream_.expires_after(std::chrono::seconds(config_.read_timeout_seconds));
  beast_http::async_write_header(
      stream_, *writer,
      [self = shared_from_this(), chunked, keep_alive](beast::error_code ec, size_t) {
        if (ec) return self->Close();
        self->WriteNextPiece(chunked, keep_alive);
      });
}

void Session::WriteNextPiece(bool chunked, bool keep_alive) {
  std::string piece;
  try {
    piece = body_stream_();
  } catch (const std::exception& e) {
    // The status line is gone: all that is left is to cut the body short, which the client sees
    // as a truncated transfer rather than a complete one.
    Log(LogLevel::kError, "stream_failed", {{"error", e.what()}});
    body_stream_ = nullptr;
    return Close();
  }
  auto self = shared_from_this();
  if (piece.empty()) {
    body_stream_ = nullptr;
    // Without chunking the body ends with its Content-Length, or (HTTP/1.0, length unknown)
    // with the connection, in which case keep_alive is already false.
    if (!chunked) return OnWrite(keep_alive, {});
    return boost::asio::async_write(
        stream_, beast_http::make_chunk_last(),
        [self, keep_alive](beast::error_code ec, size_t) { self->OnWrite(keep_alive, ec); });
  }
  auto data = std::make_shared<std::string>(std::move(piece));
  pending_write_ = data;
  stream_.expires_after(std::chrono::seconds(config_.read_timeout_seconds));
  auto next = [self, chunked, keep_alive](beast::error_code ec, size_t) {
    if (ec) return self->Close();
    self->WriteNextPiece(chunked, keep_alive);
  };
  if (chunked) {
    boost::asio::async_write(stream_, beast_http::make_chunk(boost::asio::buffer(*data)), next);
  } else {
    boost::asio::async_write(stream_, boost::asio::buffer(*data), next);
  }
}

void Session::Respond(RawResponse response) {
  auto message = std::make_shared<RawResponse>(std::move(response));
  pending_write_ = message;
  bool keep_alive = message->keep_alive();
  stream_.expires_after(std::chrono::seconds(config_.read_timeout_seconds));
  beast_http::async_write(stream_, *message,
                          [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                            self->OnWrite(keep_alive, ec);
                          });
}

void Session::OnWrite(bool keep_alive, beast::error_code ec) {
  pending_write_.reset();
  if (ec) return Close();
  if (!keep_alive || draining_) return CloseGracefully();
  ReadHeader();
}

// A request that could not be read: answer with the reason when the client can still hear it,
// otherwise just close.
void Session::RejectRead(beast::error_code ec) {
  unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
  if (ec == beast_http::error::header_limit) {
    return Respond(dispatcher_.Reject(
        ErrorKind::kHeadersTooLarge, "Request headers are too large",
        boost::json::object{{"limit_bytes", config_.max_header_bytes}}, version));
  }
  if (ec == beast_http::error::body_limit) {
    return Respond(dispatcher_.Reject(ErrorKind::kPayloadTooLarge, "Request body is too large",
                                      boost::json::object{{"limit_bytes", config_.max_body_bytes}},
                                      version));
  }
  bool nothing_read = !parser_ || !parser_->got_some();
  if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset ||
      ec == beast_http::error::partial_message || nothing_read) {
    return Close();
  }
  if (ec.category() == beast_http::make_error_code(beast_http::error::bad_target).category()) {
    return Respond(dispatcher_.Reject(ErrorKind::kBadRequest,
                                      "Malformed HTTP request: " + ec.message(), nullptr, version));
  }
  Close();
}

// Half-closes, then discards what the client still sends for a moment, so that it reads our
// response instead of a connection reset.
void Session::CloseGracefully() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(2s);  // one deadline for the whole drain
  Discard();
}

void Session::Discard() {
  stream_.async_read_some(boost::asio::buffer(discard_),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) return self->Close();
                            self->Discard();
                          });
}

void Session::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

}  // namespace chronotrail::http
