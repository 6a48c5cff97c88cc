// Remote models of questions end to end: with ANSWER_WRITER=openai the real server asks a stub
// chat-completions server to word the answer from the sources it found, and falls back to its
// extractive answer when the model fails; with EMBEDDER=openai it embeds notes and questions at a
// stub embeddings server, and a failing one leaves questions to their words. The stubs check what
// the server sends.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <string>

#include "support/api_client.h"
#include "support/json_access.h"
#include "support/payloads.h"
#include "support/recording_stub.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kReply = "You had a flat white at Blue Bottle Coffee [1].";

TEST(HttpAnswerWriterProvider, TheModelWordsTheAnswerFromTheSourcesAndFailuresFallBack) {
  std::atomic<bool> fail{false};
  RecordingStub stub([&fail](const RecordingStub::Request&) {
    if (fail) return RecordingStub::Response{503, R"({"error":{"code":"overloaded"}})"};
    boost::json::object message{{"role", "assistant"}, {"content", kReply}};
    boost::json::object choice{{"index", 0}, {"message", message}};
    return RecordingStub::Response{
        200, boost::json::serialize(boost::json::object{{"choices", boost::json::array{choice}}})};
  });
  ServerProcess server({{"EMBEDDER", "none"},
                        {"ANSWER_WRITER", "openai"},
                        {"OPENAI_BASE_URL", stub.server.Url("/v1")},
                        {"OPENAI_CHAT_MODEL", "test-chat"},
                        {"OPENAI_API_KEY", "sk-never-logged"}});
  ApiClient ana(server.port(), server.create_token("ana@example.com", "pro"));
  CreateRecord(ana, "/api/v1/notes",
               {{"text_content", "Flat white at Blue Bottle Coffee"},
                {"timestamp", "2024-03-12T09:14:00Z"}});

  const boost::json::object question{{"query", "where did I have a flat white?"},
                                     {"timezone", "UTC"}};
  HttpResponse r = ana.post("/api/v1/query", question);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StringAt(r.json(), "answer"), kReply);
  EXPECT_EQ(r.json().at("sources").as_array().size(), 1u) << r.body;

  ASSERT_EQ(stub.requests.size(), 1u);
  const RecordingStub::Request& sent = stub.requests[0];
  EXPECT_EQ(sent.target, "/v1/chat/completions");
  EXPECT_EQ(HeaderOf(sent, "authorization"), "Bearer sk-never-logged");
  const boost::json::value body = boost::json::parse(sent.body);
  EXPECT_EQ(StringAt(body, "model"), "test-chat");
  const std::string user = StringAt(body, "messages.1.content");
  EXPECT_NE(user.find("Question: where did I have a flat white?"), std::string::npos) << user;
  EXPECT_NE(user.find("[1] Tue 12 Mar 2024 09:14, note: Flat white at Blue Bottle Coffee"),
            std::string::npos)
      << user;

  // The model fails: the extractive answer, from the same note.
  fail = true;
  r = ana.post("/api/v1/query", question);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string fallback = StringAt(r.json(), "answer");
  EXPECT_NE(fallback, kReply);
  EXPECT_NE(fallback.find("Flat white at Blue Bottle Coffee"), std::string::npos) << fallback;

  // No source: the model is not asked to invent one.
  fail = false;
  r = ana.post("/api/v1/query", {{"query", "did I go skydiving in 1999?"}, {"timezone", "UTC"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(stub.requests.size(), 2u);

  EXPECT_TRUE(server.wait_for_stdout("answer_writer_failed", std::chrono::seconds(5)));
  EXPECT_EQ(server.stdout_text().find("sk-never-logged"), std::string::npos);
  EXPECT_EQ(server.stderr_text().find("sk-never-logged"), std::string::npos);
}

TEST(HttpEmbedderProvider, NotesAndQuestionsAreEmbeddedRemotelyAndAFailureFallsBackToWords) {
  std::atomic<bool> fail{false};
  RecordingStub stub([&fail](const RecordingStub::Request& r) {
    if (fail) return RecordingStub::Response{503, R"({"error":{"code":"overloaded"}})"};
    boost::json::array data;
    const boost::json::value request = boost::json::parse(r.body);
    const boost::json::array& input = request.at("input").as_array();
    for (size_t i = 0; i < input.size(); ++i) {
      data.push_back(boost::json::object{{"index", static_cast<std::int64_t>(i)},
                                         {"embedding", {1.0, 0.5, 0.0}}});
    }
    return RecordingStub::Response{200,
                                   boost::json::serialize(boost::json::object{{"data", data}})};
  });
  ServerProcess server({{"EMBEDDER", "openai"},
                        {"OPENAI_BASE_URL", stub.server.Url("/v1")},
                        {"OPENAI_EMBEDDING_MODEL", "test-embed"},
                        {"OPENAI_EMBEDDING_DIMENSIONS", "3"}});
  ApiClient ana(server.port(), server.create_token("ana@example.com", "pro"));
  const std::string id = StringAt(CreateRecord(ana, "/api/v1/notes",
                                               {{"text_content", "Tulips at the Saturday market"},
                                                {"timestamp", "2024-03-12T09:14:00Z"}}),
                                  "id");
  HttpResponse r = ana.post("/api/v1/query", {{"query", "flowers?"}, {"timezone", "UTC"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().at("sources").as_array().size(), 1u) << r.body << server.stdout_text();
  EXPECT_EQ(StringAt(r.json(), "sources.0.id"), id) << r.body;  // by meaning: no word is shared
  bool note_sent = false;
  bool question_sent = false;
  {
    std::lock_guard<std::mutex> lock(stub.mu);
    for (const RecordingStub::Request& sent : stub.requests) {
      EXPECT_EQ(sent.target, "/v1/embeddings");
      const boost::json::value body = boost::json::parse(sent.body);
      EXPECT_EQ(StringAt(body, "model"), "test-embed");
      for (const auto& text : body.at("input").as_array()) {
        note_sent = note_sent || text.as_string() == "Tulips at the Saturday market";
        question_sent = question_sent || text.as_string() == "flowers?";
      }
    }
  }
  EXPECT_TRUE(note_sent);
  EXPECT_TRUE(question_sent);

  // The embeddings server fails: questions are answered by their words.
  fail = true;
  r = ana.post("/api/v1/query", {{"query", "what about the tulips?"}, {"timezone", "UTC"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StringAt(r.json(), "sources.0.id"), id) << r.body;
  EXPECT_TRUE(server.wait_for_stdout("search_by_meaning_failed", std::chrono::seconds(5)));
}

}  // namespace
}  // namespace chronotrail::testing
