// A hostile client: malformed, oversized, truncated, ambiguous and smuggled requests, hostile
// JSON, path traversal, and query syntax in every text field. Each gets a 4xx or a closed
// connection, never a 5xx or a hang; the server keeps answering everyone else; and the data of
// the user whose token the hostile requests carry is exactly what it was.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/payloads.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;
using namespace std::string_literals;

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// What came back for a stream of raw bytes: the status of every response, in order, and whether
// the server neither answered nor closed within the wait.
struct Exchange {
  std::vector<int> statuses;
  bool hung = false;
  std::string text;  // everything received
};

// Sends `bytes`, closes our sending side (the server sees the end of the stream), and reads until
// the server closes. A server that stops reading and answers early may reset the connection
// while we still send: that is a closed connection, not a failure.
Exchange SendRaw(std::uint16_t port, std::string_view bytes, std::chrono::seconds wait = 10s) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  timeval timeout{static_cast<time_t>(wait.count()), 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(bytes.data(), bytes.size()), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  Exchange out;
  char buffer[16384];
  for (;;) {
    ssize_t n = ::recv(socket.native_handle(), buffer, sizeof buffer, 0);
    if (n > 0) {
      out.text.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) out.hung = true;
    break;  // 0: closed; other errors: reset
  }
  static const std::regex status_line("(^|\r\n)HTTP/1\\.[01] (\\d{3}) ");
  for (std::sregex_iterator it(out.text.begin(), out.text.end(), status_line), end; it != end;
       ++it) {
    out.statuses.push_back(std::stoi((*it)[2]));
  }
  return out;
}

::testing::AssertionResult IsRefused(const Exchange& e) {
  if (e.hung) return ::testing::AssertionFailure() << "no answer and no close: " << e.text;
  for (int status : e.statuses) {
    if (status < 400 || status >= 500) {
      return ::testing::AssertionFailure() << "answered " << status << ":\n" << e.text;
    }
  }
  return ::testing::AssertionSuccess();
}

class HttpHostileClient : public SharedServerTest<HttpHostileClient> {
 public:
  static Environment ServerEnvironment() {
    return {{"MAX_BODY_BYTES", std::to_string(kMaxBodyBytes)}, {"MAX_HEADER_BYTES", "8192"}};
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ana_ = std::make_unique<ApiClient>(NewUser());
    note_id_ = StringAt(CreateRecord(*ana_, "/api/v1/notes", ValidNote()), "id");
    visit_id_ = StringAt(CreateRecord(*ana_, "/api/v1/locations", ValidVisit()), "id");
    before_ = Snapshot();
  }

  void TearDown() override {
    if (!ana_) return;
    EXPECT_EQ(Snapshot(), before_) << "the hostile requests changed the user's data";
    EXPECT_TRUE(HasStatus(Anonymous().get("/health"), 200)) << "the server stopped answering";
  }

  // Everything of Ana's the API shows, and her content counter.
  std::string Snapshot() {
    std::string all;
    for (const char* path : {"/api/v1/notes", "/api/v1/locations", "/api/v1/media"}) {
      all.append(ana_->get(path).body).append("\n");
    }
    all.append(std::to_string(ContentUsed(*ana_)));
    return all;
  }

  // A request head with Ana's token; `headers` end with "\r\n" each.
  std::string Head(std::string_view request_line, std::string_view headers) {
    std::string head(request_line);
    head.append("\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ").append(ana_->token());
    head.append("\r\n").append(headers).append("\r\n");
    return head;
  }

  Exchange Send(std::string_view bytes) { return SendRaw(server().port(), bytes); }

  // POST /api/v1/notes with `json` as a well-framed body.
  HttpResponse PostNote(std::string_view json) {
    return ana_->send(http::verb::post, "/api/v1/notes", json,
                      {{"Content-Type", "application/json"}});
  }

  std::unique_ptr<ApiClient> ana_;
  std::string note_id_, visit_id_, before_;
};

constexpr const char* kJson = "Content-Type: application/json\r\n";
constexpr const char* kNote = R"({"text_content":"smuggled","timestamp":"2024-03-12T09:14:00Z"})";

TEST_F(HttpHostileClient, OversizedRequestLinesHeadersAndBodies) {
  EXPECT_TRUE(
      IsRefused(Send(Head("GET /api/v1/notes?x=" + std::string(100000, 'a') + " HTTP/1.1", ""))));
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_TRUE(IsRefused(Send(Head("GET /api/v1/notes HTTP/1.1", many))));
  // A body announced far over the limit is refused before it is sent.
  EXPECT_TRUE(IsRefused(Send(Head("POST /api/v1/notes HTTP/1.1",
                                  std::string(kJson) + "Content-Length: 999999999999\r\n"))));
  std::string big = R"({"text_content":")" + std::string(2 * kMaxBodyBytes, 'x') +
                    R"(","timestamp":"2024-03-12T09:14:00Z"})";
  EXPECT_TRUE(IsError(PostNote(big), 413, "PAYLOAD_TOO_LARGE"));
}

TEST_F(HttpHostileClient, TruncatedBodiesAndWrongContentLengths) {
  std::string note(kNote);
  // Announced longer than sent, then the stream ends.
  EXPECT_TRUE(IsRefused(Send(
      Head("POST /api/v1/notes HTTP/1.1",
           std::string(kJson) + "Content-Length: " + std::to_string(note.size() + 50) + "\r\n") +
      note)));
  // Announced shorter than sent: the rest is read as the next request, which is not HTTP.
  EXPECT_TRUE(IsRefused(Send(
      Head("POST /api/v1/notes HTTP/1.1", std::string(kJson) + "Content-Length: 10\r\n") + note)));
  for (const char* length : {"-1", "1e3", "0x10", "10, 20", " 5 5", "99999999999999999999999"}) {
    EXPECT_TRUE(IsRefused(Send(Head("POST /api/v1/notes HTTP/1.1",
                                    std::string(kJson) + "Content-Length: " + length + "\r\n") +
                               note)))
        << length;
  }
}

TEST_F(HttpHostileClient, ChunkedEncodingAbuse) {
  const std::string chunked = std::string(kJson) + "Transfer-Encoding: chunked\r\n";
  const std::string line = Head("POST /api/v1/notes HTTP/1.1", chunked);
  for (const std::string& body : {
           std::string("zz\r\nabc\r\n0\r\n\r\n"),                    // size not hex
           std::string("FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"),  // size overflows
           std::string("5\r\nabc\r\n0\r\n\r\n"),                     // chunk shorter than said
           std::string("3;") + std::string(20000, 'e') + "\r\nabc\r\n0\r\n\r\n",  // huge extension
           std::string("3\r\nabc"),                                               // never ends
           std::string("3\r\n{\"a\r\n0\r\nX-Trailer: ") + std::string(20000, 't') + "\r\n\r\n",
       }) {
    EXPECT_TRUE(IsRefused(Send(line + body))) << body.substr(0, 40);
  }
  // Transfer codings the server does not speak.
  for (const char* te : {"gzip, chunked", "chunked, gzip", "xchunked", "identity"}) {
    EXPECT_TRUE(IsRefused(Send(Head("POST /api/v1/notes HTTP/1.1",
                                    std::string(kJson) + "Transfer-Encoding: " + te + "\r\n") +
                               "0\r\n\r\n")))
        << te;
  }
}

TEST_F(HttpHostileClient, RequestSmugglingPatternsRunNoHiddenRequest) {
  const std::string hidden =
      "POST /api/v1/notes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ana_->token() + "\r\n" +
      kJson + "Content-Length: " + std::to_string(std::string(kNote).size()) + "\r\n\r\n" + kNote;
  const std::string chunk = "0\r\n\r\n";
  // CL.TE and TE.CL: both framings at once.
  EXPECT_TRUE(IsRefused(Send(
      Head("POST /api/v1/notes HTTP/1.1",
           std::string(kJson) + "Content-Length: " + std::to_string(chunk.size() + hidden.size()) +
               "\r\nTransfer-Encoding: chunked\r\n") +
      chunk + hidden)));
  EXPECT_TRUE(IsRefused(
      Send(Head("POST /api/v1/notes HTTP/1.1",
                std::string(kJson) + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n") +
           chunk + hidden)));
  // Two different lengths; a Transfer-Encoding hidden by spacing or line folding.
  EXPECT_TRUE(IsRefused(Send(Head("POST /api/v1/notes HTTP/1.1",
                                  std::string(kJson) + "Content-Length: 0\r\nContent-Length: " +
                                      std::to_string(hidden.size()) + "\r\n") +
                             hidden)));
  EXPECT_TRUE(IsRefused(Send(
      Head("POST /api/v1/notes HTTP/1.1", std::string(kJson) + "Transfer-Encoding : chunked\r\n") +
      chunk + hidden)));
  EXPECT_TRUE(
      IsRefused(Send(Head("POST /api/v1/notes HTTP/1.1",
                          std::string(kJson) + "X-Fold: a\r\n Transfer-Encoding: chunked\r\n") +
                     chunk + hidden)));
  // Not HTTP/1.x at all.
  EXPECT_TRUE(IsRefused(Send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")));
  EXPECT_TRUE(IsRefused(Send("GET /health\r\n\r\n")));
  EXPECT_TRUE(IsRefused(Send(Head("GET /api/v1/notes HTTP/1.1", "X-Nul: a\0b\r\n"s))));
}

TEST_F(HttpHostileClient, HostileJsonIsInvalid) {
  EXPECT_TRUE(
      IsError(PostNote(std::string(30000, '[') + std::string(30000, ']')), 400, "INVALID_JSON"));
  std::string nested = R"({"text_content":"a","timestamp":"2024-03-12T09:14:00Z","x":)" +
                       std::string(40, '[') + std::string(40, ']') + "}";
  EXPECT_TRUE(IsError(PostNote(nested), 400, "INVALID_JSON"));
  EXPECT_TRUE(
      IsError(PostNote("{\"text_content\":\"caf\xC3\",\"timestamp\":\"2024-03-12T09:14:00Z\"}"),
              400, "INVALID_JSON"));  // a UTF-8 sequence cut short
  EXPECT_TRUE(IsError(
      PostNote("{\"text_content\":\"\xED\xA0\x80\",\"timestamp\":\"2024-03-12T09:14:00Z\"}"), 400,
      "INVALID_JSON"));  // a surrogate encoded as UTF-8
  EXPECT_TRUE(IsError(PostNote(R"({"text_content":"a\u0000b","timestamp":"2024-03-12T09:14:00Z"})"),
                      400, "INVALID_JSON"));
  EXPECT_TRUE(
      IsError(PostNote(R"({"text_content":"ok","timestamp":"2024-03-12T09:14:00Z","k\u0000":1})"),
              400, "INVALID_JSON"));
  EXPECT_TRUE(
      IsError(PostNote(std::string("{\"text_content\":\"a\0b\"}", 20)), 400, "INVALID_JSON"));
  // A huge array where a short list belongs.
  std::string names = R"({"visit_time":"2024-03-12T09:14:00Z","names":[)";
  for (int i = 0; i < 10000; ++i) names += (i ? ",\"n\"" : "\"n\"");
  names += "]}";
  EXPECT_TRUE(IsError(ana_->send(http::verb::post, "/api/v1/locations", names,
                                 {{"Content-Type", "application/json"}}),
                      400, "VALIDATION_ERROR"));
  // Duplicate keys, numbers out of range, the wrong types.
  EXPECT_TRUE(IsRefused(Send(Head("POST /api/v1/locations HTTP/1.1", kJson) +
                             R"({"visit_time":"2024-03-12T09:14:00Z","latitude":1e999})")));
  EXPECT_TRUE(
      IsError(PostNote(R"({"text_content":["a"],"timestamp":{}})"), 400, "VALIDATION_ERROR"));
}

TEST_F(HttpHostileClient, PathTraversalInIdsFindsNothing) {
  for (const std::string& id : std::vector<std::string>{
           "..%2F..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", note_id_ + "%00", note_id_ + "%2F..",
           "%00", note_id_ + "'--", "*", std::string(5000, 'a')}) {
    for (const char* collection : {"/api/v1/notes/", "/api/v1/locations/", "/api/v1/media/"}) {
      HttpResponse r = ana_->get(collection + id);
      EXPECT_TRUE(r.status >= 400 && r.status < 500) << collection << id << ": " << Describe(r);
    }
    HttpResponse content = Anonymous().get("/api/v1/media/" + id + "/content");
    EXPECT_TRUE(content.status >= 400 && content.status < 500) << id << ": " << Describe(content);
  }
  EXPECT_TRUE(IsRefused(Send(Head("GET /api/v1/notes/../../../etc/passwd HTTP/1.1", ""))));
  EXPECT_TRUE(IsRefused(Send(Head("GET http://evil.example/../../etc/passwd HTTP/1.1", ""))));
}

TEST_F(HttpHostileClient, HostileFormFieldsAndFileNamesStoreNothing) {
  TempDir dir;
  MakeNoisePhoto(dir.path() / "p.png", 16, 16);
  for (const FormFields& fields : std::vector<FormFields>{
           {{"address", "a\0b"s}},
           {{"names", "caf\xC3"}},
           {{"timestamp", "2024-13-45T99:99:99Z"}},
           {{"latitude", "1e999"}},
       }) {
    HttpResponse r = UploadFile(*ana_, kPhotos, dir.path() / "p.png", fields);
    EXPECT_TRUE(IsError(r, 400, "VALIDATION_ERROR")) << fields.front().first;
  }
  std::string png = ReadFileBytes(dir.path() / "p.png");
  EXPECT_TRUE(IsError(Upload(*ana_, kPhotos, "a\xFF.png", png), 400, "VALIDATION_ERROR"));
}

// A file name is only a name: its directories are dropped and it is never used as a path. (Another
// user: the upload succeeds, and must land in the media store under its own key.)
TEST_F(HttpHostileClient, ATraversalInAFileNameIsOnlyAName) {
  ApiClient mallory = NewUser();
  TempDir dir;
  MakeNoisePhoto(dir.path() / "p.png", 16, 16, 3);
  const std::string escaped = "escaped-" + UniqueEmail("x") + ".png";
  const std::string name = "../../../../../../tmp/" + escaped;
  HttpResponse created = Upload(mallory, kPhotos, name, ReadFileBytes(dir.path() / "p.png"));
  ASSERT_TRUE(HasStatus(created, 201));
  const std::string id = StringAt(created.json(), "file_id");
  EXPECT_FALSE(std::filesystem::exists("/tmp/" + escaped));
  EXPECT_EQ(StoredFiles(server().data_dir(), id).size(), 1u);
  HttpResponse info = mallory.get("/api/v1/media/" + id + "/info");
  ASSERT_TRUE(HasStatus(info, 200));
  EXPECT_EQ(StringAt(info.json(), "original_filename"), escaped);
}

TEST_F(HttpHostileClient, QuerySyntaxInTextIsJustText) {
  // Another user: these writes succeed, and must store and find exactly what was sent.
  ApiClient mallory = NewUser();
  for (const std::string& text : std::vector<std::string>{
           "'); DROP TABLE notes; --", "\" OR 1=1 --", "NEAR(a b) OR \"*\" AND owner:u1 -x ^y",
           "%_\\' \\\" $1 ?1 :name", "body MATCH 'x' UNION SELECT * FROM users"}) {
    boost::json::object note{{"text_content", text}, {"timestamp", "2024-03-12T09:14:00Z"}};
    HttpResponse created = mallory.post("/api/v1/notes", note);
    ASSERT_TRUE(HasStatus(created, 201)) << text;
    HttpResponse back = mallory.get("/api/v1/notes/" + StringAt(created.json(), "id"));
    EXPECT_EQ(StringAt(back.json(), "text_content"), text);
    HttpResponse answer = mallory.post("/api/v1/query", {{"query", text}});
    EXPECT_TRUE(HasStatus(answer, 200)) << text;
    EXPECT_EQ(answer.body.find(note_id_), std::string::npos) << "Ana's note in Mallory's answer";
    // And as a query by Ana, and in the list parameters.
    EXPECT_TRUE(HasStatus(ana_->post("/api/v1/query", {{"query", text}}), 200)) << text;
  }
  for (const char* target :
       {"/api/v1/notes?page=1%27%20OR%201=1", "/api/v1/notes?page_size=10;DROP",
        "/api/v1/notes?start_date=2024'--", "/api/v1/notes?end_date=%00",
        "/api/v1/locations?page=-1%20OR%201", "/api/v1/media?type=photo'%20OR%20'1'='1",
        "/api/v1/media?start_date=now()"}) {
    HttpResponse r = ana_->get(target);
    EXPECT_TRUE(r.status >= 400 && r.status < 500) << target << ": " << Describe(r);
  }
}

}  // namespace
}  // namespace chronotrail::testing
