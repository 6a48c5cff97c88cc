// HTTP-level errors (unknown routes, wrong methods, bodies and headers the server will not take,
// requests that are not HTTP) and the connection behaviour around them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/payloads.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

constexpr std::size_t kMaxBodyBytes = 4096;
constexpr std::size_t kMaxHeaderBytes = 8192;
constexpr const char* kSomeId = "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a";

class HttpProtocolErrors : public SharedServerTest<HttpProtocolErrors> {
 public:
  static Environment ServerEnvironment() {
    return {{"MAX_BODY_BYTES", std::to_string(kMaxBodyBytes)},
            {"MAX_HEADER_BYTES", std::to_string(kMaxHeaderBytes)}};
  }

 protected:
  // The methods an Allow header lists.
  static std::set<std::string> Allowed(const HttpResponse& response) {
    std::set<std::string> methods;
    std::istringstream list(response.header("Allow"));
    for (std::string method; std::getline(list, method, ',');) {
      method.erase(0, method.find_first_not_of(' '));
      method.erase(method.find_last_not_of(' ') + 1);
      methods.insert(method);
    }
    return methods;
  }

  static ::testing::AssertionResult IsMethodNotAllowed(const HttpResponse& response,
                                                       const std::set<std::string>& expected) {
    ::testing::AssertionResult error = IsError(response, 405, "METHOD_NOT_ALLOWED");
    if (!error) return error;
    std::set<std::string> allowed = Allowed(response);
    for (const std::string& method : expected) {
      if (!allowed.contains(method)) {
        return ::testing::AssertionFailure()
               << "Allow: \"" << response.header("Allow") << "\" lacks " << method;
      }
    }
    return ::testing::AssertionSuccess();
  }

  // A note whose JSON text is exactly `size` bytes long.
  static std::string NoteOfSize(std::size_t size) {
    const std::string frame = R"({"timestamp":"2024-03-12T09:14:00Z","text_content":""})";
    std::string body = frame;
    body.insert(body.size() - 2, std::string(size - frame.size(), 'x'));
    return body;
  }

  static HttpResponse PostNoteText(ApiClient& client, std::string_view body,
                                   std::string_view content_type) {
    return client.send(http::verb::post, "/api/v1/notes", body,
                       {{"Content-Type", std::string(content_type)}});
  }
};

TEST_F(HttpProtocolErrors, AnUnknownRouteIsNotFoundWithTheErrorBody) {
  EXPECT_TRUE(IsError(Anonymous().get("/no-such-route"), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(Anonymous().post("/no-such-route", {{"a", 1}}), 404, "NOT_FOUND"));
  ApiClient ana = NewUser();
  EXPECT_TRUE(IsError(ana.get("/api/v1/no-such-collection"), 404, "NOT_FOUND"));
  EXPECT_TRUE(
      IsError(ana.get(std::string("/api/v1/notes/") + kSomeId + "/extra"), 404, "NOT_FOUND"));
}

TEST_F(HttpProtocolErrors, AWrongMethodIsNotAllowedAndTheAllowHeaderSaysWhichAre) {
  ApiClient ana = NewUser();
  std::string note = std::string("/api/v1/notes/") + kSomeId;
  EXPECT_TRUE(IsMethodNotAllowed(ana.del("/health"), {"GET"}));
  EXPECT_TRUE(IsMethodNotAllowed(ana.patch("/api/v1/notes", {{"a", 1}}), {"GET", "POST"}));
  EXPECT_TRUE(IsMethodNotAllowed(ana.put("/api/v1/locations", {{"a", 1}}), {"GET", "POST"}));
  EXPECT_TRUE(IsMethodNotAllowed(ana.post(note, ValidNote()), {"GET", "PUT", "DELETE"}));
  EXPECT_TRUE(IsMethodNotAllowed(ana.post("/api/v1/auth/me", {{"a", 1}}), {"GET", "PATCH"}));
}

TEST_F(HttpProtocolErrors, ABodyOverTheLimitIsTooLargeAndTheLimitIsStated) {
  ApiClient ana = NewUser();
  HttpResponse response = PostNoteText(ana, NoteOfSize(kMaxBodyBytes + 1), "application/json");
  ASSERT_TRUE(IsError(response, 413, "PAYLOAD_TOO_LARGE"));
  EXPECT_EQ(At(response.json(), "details.limit_bytes").to_number<std::int64_t>(),
            static_cast<std::int64_t>(kMaxBodyBytes));
  HttpResponse far_over = PostNoteText(ana, NoteOfSize(3 * kMaxBodyBytes), "application/json");
  EXPECT_TRUE(IsError(far_over, 413, "PAYLOAD_TOO_LARGE"));
}

TEST_F(HttpProtocolErrors, ABodyOfExactlyTheLimitIsAccepted) {
  ApiClient ana = NewUser();
  std::string body = NoteOfSize(kMaxBodyBytes);
  ASSERT_EQ(body.size(), kMaxBodyBytes);
  EXPECT_TRUE(HasStatus(PostNoteText(ana, body, "application/json"), 201));
}

TEST_F(HttpProtocolErrors, ABodyThatIsNotJsonTypedIsAnUnsupportedMediaType) {
  ApiClient ana = NewUser();
  std::string note = NoteOfSize(100);
  EXPECT_TRUE(IsError(PostNoteText(ana, note, "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"));
  EXPECT_TRUE(IsError(PostNoteText(ana, "text_content=hi", "application/x-www-form-urlencoded"),
                      415, "UNSUPPORTED_MEDIA_TYPE"));
  std::string id =
      std::string(CreateRecord(ana, "/api/v1/notes", ValidNote()).at("id").as_string());
  EXPECT_TRUE(IsError(ana.send(http::verb::put, "/api/v1/notes/" + id, R"({"text_content":"x"})",
                               {{"Content-Type", "text/plain"}}),
                      415, "UNSUPPORTED_MEDIA_TYPE"));
  EXPECT_TRUE(IsError(ana.send(http::verb::patch, "/api/v1/auth/me", R"({"display_name":"x"})",
                               {{"Content-Type", "text/plain"}}),
                      415, "UNSUPPORTED_MEDIA_TYPE"));
}

TEST_F(HttpProtocolErrors, JsonWithACharsetParameterIsAccepted) {
  ApiClient ana = NewUser();
  EXPECT_TRUE(
      HasStatus(PostNoteText(ana, NoteOfSize(100), "application/json; charset=utf-8"), 201));
}

TEST_F(HttpProtocolErrors, ABodyThatIsNotJsonIsInvalidJson) {
  ApiClient ana = NewUser();
  for (const char* body : {"{not json", R"({"text_content": "cut short")", "", "{}}"}) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(IsError(PostNoteText(ana, body, "application/json"), 400, "INVALID_JSON"));
  }
}

TEST_F(HttpProtocolErrors, JsonThatIsNotAnObjectIsInvalidJson) {
  ApiClient ana = NewUser();
  for (const char* body : {"[1,2]", R"("a note")", "42", "null"}) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(IsError(PostNoteText(ana, body, "application/json"), 400, "INVALID_JSON"));
  }
}

TEST_F(HttpProtocolErrors, UpdatesWithBodiesThatAreNotJsonObjectsAreInvalidJson) {
  ApiClient ana = NewUser();
  std::string id =
      std::string(CreateRecord(ana, "/api/v1/notes", ValidNote()).at("id").as_string());
  Headers json = {{"Content-Type", "application/json"}};
  EXPECT_TRUE(IsError(ana.send(http::verb::put, "/api/v1/notes/" + id, "{oops", json), 400,
                      "INVALID_JSON"));
  EXPECT_TRUE(
      IsError(ana.send(http::verb::patch, "/api/v1/auth/me", "[]", json), 400, "INVALID_JSON"));
}

TEST_F(HttpProtocolErrors, ARequestLineThatIsNotHttpIsABadRequest) {
  HttpClient raw(server().port());
  raw.send_raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(IsError(raw.read_response(), 400, "BAD_REQUEST"));
}

TEST_F(HttpProtocolErrors, AHeaderLineWithoutAColonIsABadRequest) {
  HttpClient raw(server().port());
  raw.send_raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon in this line\r\n\r\n");
  EXPECT_TRUE(IsError(raw.read_response(), 400, "BAD_REQUEST"));
}

TEST_F(HttpProtocolErrors, ABrokenPercentEncodingInTheQueryIsABadRequest) {
  EXPECT_TRUE(IsError(NewUser().get("/api/v1/notes?page=%zz"), 400, "BAD_REQUEST"));
}

TEST_F(HttpProtocolErrors, HeadersOverTheLimitAreTooLarge) {
  ApiClient client = Anonymous();
  HttpResponse response =
      client.get("/health", {{"X-Padding", std::string(2 * kMaxHeaderBytes, 'p')}});
  EXPECT_TRUE(IsError(response, 431, "HEADERS_TOO_LARGE"));
}

TEST_F(HttpProtocolErrors, HeadersUnderTheLimitAreFine) {
  HttpResponse response =
      Anonymous().get("/health", {{"X-Padding", std::string(kMaxHeaderBytes / 2, 'p')}});
  EXPECT_TRUE(HasStatus(response, 200));
}

TEST_F(HttpProtocolErrors, OneConnectionServesManyRequestsIncludingRejectedOnes) {
  ApiClient ana = NewUser();
  EXPECT_TRUE(HasStatus(ana.get("/health"), 200));
  HttpResponse created = ana.post("/api/v1/notes", ValidNote());
  ASSERT_TRUE(HasStatus(created, 201));
  EXPECT_TRUE(HasStatus(ana.get("/api/v1/notes/" + StringAt(created.json(), "id")), 200));
  EXPECT_TRUE(IsError(ana.get("/no-such-route"), 404, "NOT_FOUND"));
  boost::json::object bad = ValidNote();
  bad["text_content"] = " ";
  EXPECT_TRUE(IsError(ana.post("/api/v1/notes", bad), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(IsError(ana.get("/api/v1/notes/" + std::string(kSomeId)), 404, "NOT_FOUND"));
  EXPECT_TRUE(HasStatus(ana.get("/api/v1/notes"), 200));
  EXPECT_EQ(ana.connection().connections_opened(), 1);
  EXPECT_TRUE(ana.connection().connected());
}

TEST_F(HttpProtocolErrors, PipelinedRequestsAreAnsweredInOrder) {
  HttpClient client(server().port());
  client.send_raw(
      "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "GET /no-such-route HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "GET /api/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_TRUE(HasStatus(client.read_response(), 200));
  EXPECT_TRUE(IsError(client.read_response(), 404, "NOT_FOUND"));
  HttpResponse last = client.read_response();
  ASSERT_TRUE(HasStatus(last, 200));
  EXPECT_EQ(StringAt(last.json(), "status"), "active");
}

TEST_F(HttpProtocolErrors, ConnectionCloseIsHonoured) {
  HttpClient client(server().port());
  HttpResponse response = client.request(http::verb::get, "/health", {}, {{"Connection", "close"}});
  EXPECT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(client.closed_by_server(std::chrono::seconds(2)));
}

}  // namespace
}  // namespace chronotrail::testing
