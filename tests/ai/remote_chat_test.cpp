// The remote chat models against a stub server on loopback: the exact requests they send (path,
// headers, signature, JSON body) and how they read the canned answers.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "ai/remote/bedrock_chat.h"
#include "ai/remote/openai_chat.h"
#include "core/error.h"
#include "support/fixed_clock.h"
#include "support/recording_stub.h"
#include "support/sigv4_check.h"

namespace chronotrail {
namespace {

using testing::HeaderOf;
using Stub = testing::RecordingStub;
using Request = Stub::Request;
using Response = Stub::Response;

const ai::ChatRequest kChat{"Use only the sources.", "Question: where was I?\n[1] a note", 123};

ai::OpenAiChatOptions OpenAiOptions(const testing::LoopbackHttpServer& server) {
  return {server.Url("/v1/"), "llama3.1:8b", "sk-test-secret"};
}

TEST(OpenAiChat, SendsTheChatCompletionsWireFormat) {
  Stub stub([](const Request&) {
    return Response{200, R"({"id":"c1","object":"chat.completion","choices":[{"index":0,)"
                         R"("message":{"role":"assistant","content":"At the park [1]."},)"
                         R"("finish_reason":"stop"}]})"};
  });
  auto chat = ai::MakeOpenAiChat(OpenAiOptions(stub.server));
  EXPECT_EQ(chat->Id(), "openai:llama3.1:8b");
  EXPECT_EQ(chat->Complete(kChat), "At the park [1].");
  ASSERT_EQ(stub.requests.size(), 1u);
  const Request& r = stub.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/chat/completions");
  EXPECT_EQ(HeaderOf(r, "authorization"), "Bearer sk-test-secret");
  EXPECT_EQ(HeaderOf(r, "content-type"), "application/json");
  EXPECT_EQ(boost::json::parse(r.body), boost::json::parse(R"({
      "model": "llama3.1:8b",
      "messages": [{"role": "system", "content": "Use only the sources."},
                   {"role": "user", "content": "Question: where was I?\n[1] a note"}],
      "temperature": 0, "max_tokens": 123})"));
}

TEST(OpenAiChat, WithoutAKeySendsNoAuthorization) {
  Stub stub([](const Request&) {
    return Response{200, R"({"choices":[{"message":{"content":"ok"}}]})"};
  });
  ai::OpenAiChatOptions options = OpenAiOptions(stub.server);
  options.api_key.clear();
  EXPECT_EQ(ai::MakeOpenAiChat(options)->Complete(kChat), "ok");
  EXPECT_EQ(stub.requests[0].headers.count("authorization"), 0u);
}

TEST(OpenAiChat, ErrorsNameTheStatusButNotTheKeyOrText) {
  Stub refused([](const Request&) {
    return Response{429, R"({"error":{"message":"Rate limit for sk-test-secret",)"
                         R"("type":"requests","code":"rate_limit_exceeded"}})"};
  });
  try {
    ai::MakeOpenAiChat(OpenAiOptions(refused.server))->Complete(kChat);
    FAIL() << "no error";
  } catch (const ApiError& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_NE(message.find("429"), std::string::npos) << message;
    EXPECT_EQ(message.find("sk-test"), std::string::npos) << message;
    EXPECT_EQ(message.find("where was I"), std::string::npos) << message;
  }
  Stub empty([](const Request&) { return Response{200, R"({"choices":[]})"}; });
  EXPECT_THROW(ai::MakeOpenAiChat(OpenAiOptions(empty.server))->Complete(kChat), ApiError);
  Stub not_json([](const Request&) { return Response{200, "<html>proxy</html>"}; });
  EXPECT_THROW(ai::MakeOpenAiChat(OpenAiOptions(not_json.server))->Complete(kChat), ApiError);
  EXPECT_THROW(ai::MakeOpenAiChat({"", "m", ""}), ApiError);
}

// --- Bedrock Converse ---

std::shared_ptr<aws::CredentialProvider> TestKeys() {
  return std::make_shared<aws::StaticCredentialProvider>(
      aws::Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""});
}

ai::BedrockChatOptions BedrockOptions(const testing::LoopbackHttpServer& server) {
  ai::BedrockChatOptions o;
  o.region = "us-west-2";
  o.endpoint_url = server.Url("");
  return o;
}

TEST(BedrockChat, SendsASignedConverseRequest) {
  Stub stub([](const Request&) {
    return Response{200, R"({"output":{"message":{"role":"assistant","content":[)"
                         R"({"text":"You were at the park "},{"text":"[1]."}]}},)"
                         R"("stopReason":"end_turn","usage":{"inputTokens":30,"outputTokens":8}})"};
  });
  testing::FixedClock clock("2024-05-06T07:08:09Z");
  auto chat = ai::MakeBedrockChat(BedrockOptions(stub.server), TestKeys(), clock);
  EXPECT_EQ(chat->Id(), "bedrock:anthropic.claude-3-haiku-20240307-v1:0");
  EXPECT_EQ(chat->Complete(kChat), "You were at the park [1].");

  ASSERT_EQ(stub.requests.size(), 1u);
  const Request& r = stub.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
  EXPECT_EQ(boost::json::parse(r.body), boost::json::parse(R"({
      "system": [{"text": "Use only the sources."}],
      "messages": [{"role": "user",
                    "content": [{"text": "Question: where was I?\n[1] a note"}]}],
      "inferenceConfig": {"maxTokens": 123, "temperature": 0}})"));
  testing::ExpectSignedAsReceived(r, TestKeys()->Get(), {"us-west-2", "bedrock"}, clock.Now(),
                                  {"Content-Type", "Accept"});
}

TEST(BedrockChat, ErrorsNameTheStatus) {
  testing::FixedClock clock("2024-05-06T07:08:09Z");
  Stub denied([](const Request&) {
    return Response{403, R"({"message":"You don't have access to the model."})"};
  });
  try {
    ai::MakeBedrockChat(BedrockOptions(denied.server), TestKeys(), clock)->Complete(kChat);
    FAIL() << "no error";
  } catch (const ApiError& e) {
    EXPECT_NE(std::string(e.what()).find("403"), std::string::npos) << e.what();
  }
  Stub no_text([](const Request&) {
    return Response{200, R"({"output":{"message":{"role":"assistant","content":[]}}})"};
  });
  EXPECT_THROW(
      ai::MakeBedrockChat(BedrockOptions(no_text.server), TestKeys(), clock)->Complete(kChat),
      ApiError);
  EXPECT_THROW(ai::MakeBedrockChat(BedrockOptions(no_text.server), nullptr, clock), ApiError);
}

}  // namespace
}  // namespace chronotrail
