// The remote embedders against a stub server on loopback: the exact requests they send (path,
// headers, Authorization, JSON body) and how they read the canned answers.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "ai/remote/bedrock_embedder.h"
#include "ai/remote/openai_embedder.h"
#include "aws/sigv4.h"
#include "core/digest.h"
#include "core/error.h"
#include "support/fixed_clock.h"
#include "support/recording_stub.h"
#include "support/sigv4_check.h"

namespace chronotrail {
namespace {

using Request = testing::LoopbackHttpServer::Request;
using Response = testing::LoopbackHttpServer::Response;

using Stub = testing::RecordingStub;

std::string Header(const Request& r, const std::string& name) {
  return testing::HeaderOf(r, name);
}

// An OpenAI answer for a request: text i gets the vector (i + 1, 1, 0, 0) (not unit length),
// listed in reverse order with its index, as servers may.
Response OpenAiAnswer(const Request& r) {
  const boost::json::value body = boost::json::parse(r.body);
  const size_t n = body.at("input").as_array().size();
  boost::json::array data;
  for (size_t i = n; i-- > 0;) {
    data.push_back(
        boost::json::object{{"object", "embedding"},
                            {"index", i},
                            {"embedding", boost::json::array{double(i + 1), 1.0, 0.0, 0.0}}});
  }
  return {200, boost::json::serialize(boost::json::object{{"object", "list"}, {"data", data}})};
}

ai::OpenAiEmbedderOptions OpenAiOptions(const testing::LoopbackHttpServer& server) {
  ai::OpenAiEmbedderOptions o;
  o.base_url = server.Url("/v1/");
  o.model = "nomic-embed-text";
  o.api_key = "sk-test-secret";
  o.dimensions = 4;
  return o;
}

TEST(OpenAiEmbedder, SendsTheOpenAiWireFormat) {
  Stub stub(OpenAiAnswer);
  auto embedder = ai::MakeOpenAiEmbedder(OpenAiOptions(stub.server));
  EXPECT_EQ(embedder->Id(), "openai:nomic-embed-text");
  EXPECT_EQ(embedder->Dimensions(), 4);

  const auto vectors = embedder->Embed({"first note", "zweite Notiz ü"});
  ASSERT_EQ(stub.requests.size(), 1u);
  const Request& r = stub.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/embeddings");
  EXPECT_EQ(Header(r, "authorization"), "Bearer sk-test-secret");
  EXPECT_EQ(Header(r, "content-type"), "application/json");
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(
                R"({"model":"nomic-embed-text","input":["first note","zweite Notiz ü"]})"));

  // Back in input order, and unit length: (1,1,0,0)/√2 and (2,1,0,0)/√5.
  ASSERT_EQ(vectors.size(), 2u);
  EXPECT_NEAR(vectors[0][0], 1 / std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(vectors[0][1], 1 / std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(vectors[1][0], 2 / std::sqrt(5.0), 1e-6);
  EXPECT_NEAR(vectors[1][1], 1 / std::sqrt(5.0), 1e-6);
}

TEST(OpenAiEmbedder, WithoutAKeySendsNoAuthorization) {
  Stub stub(OpenAiAnswer);
  ai::OpenAiEmbedderOptions options = OpenAiOptions(stub.server);
  options.api_key.clear();
  ai::MakeOpenAiEmbedder(options)->Embed({"x"});
  ASSERT_EQ(stub.requests.size(), 1u);
  EXPECT_EQ(stub.requests[0].headers.count("authorization"), 0u);
}

TEST(OpenAiEmbedder, ManyTextsGoInSeveralRequestsAndComeBackInOrder) {
  Stub stub(OpenAiAnswer);
  std::vector<std::string> texts;
  for (int i = 0; i < 130; ++i) texts.push_back("note " + std::to_string(i));
  const auto vectors = ai::MakeOpenAiEmbedder(OpenAiOptions(stub.server))->Embed(texts);
  ASSERT_EQ(stub.requests.size(), 3u);  // 64 + 64 + 2
  EXPECT_EQ(boost::json::parse(stub.requests[2].body).at("input").as_array().size(), 2u);
  ASSERT_EQ(vectors.size(), 130u);
  // Text 65 is the second of the second request: (2,1,0,0)/√5.
  EXPECT_NEAR(vectors[65][0], 2 / std::sqrt(5.0), 1e-6);
  EXPECT_TRUE(ai::MakeOpenAiEmbedder(OpenAiOptions(stub.server))->Embed({}).empty());
}

TEST(OpenAiEmbedder, ErrorsNameTheStatusButNotTheKeyOrText) {
  Stub stub([](const Request&) {
    return Response{401, R"({"error":{"message":"Incorrect API key provided: sk-test-secret",)"
                         R"("type":"invalid_request_error","code":"invalid_api_key"}})"};
  });
  try {
    ai::MakeOpenAiEmbedder(OpenAiOptions(stub.server))->Embed({"my secret diary"});
    FAIL() << "no error";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    const std::string message = e.what();
    EXPECT_NE(message.find("401"), std::string::npos) << message;
    EXPECT_NE(message.find("invalid_api_key"), std::string::npos) << message;
    EXPECT_EQ(message.find("sk-test"), std::string::npos) << message;
    EXPECT_EQ(message.find("diary"), std::string::npos) << message;
  }
}

TEST(OpenAiEmbedder, RefusesAnswersOfTheWrongShape) {
  Stub wrong_size([](const Request&) {
    return Response{200, R"({"data":[{"index":0,"embedding":[1,2,3]}]})"};
  });
  EXPECT_THROW(ai::MakeOpenAiEmbedder(OpenAiOptions(wrong_size.server))->Embed({"x"}), ApiError);
  Stub missing([](const Request&) { return Response{200, R"({"data":[]})"}; });
  EXPECT_THROW(ai::MakeOpenAiEmbedder(OpenAiOptions(missing.server))->Embed({"x"}), ApiError);
  Stub zero([](const Request&) {
    return Response{200, R"({"data":[{"index":0,"embedding":[0,0,0,0]}]})"};
  });
  EXPECT_THROW(ai::MakeOpenAiEmbedder(OpenAiOptions(zero.server))->Embed({"x"}), ApiError);
  ai::OpenAiEmbedderOptions no_dimensions = OpenAiOptions(zero.server);
  no_dimensions.dimensions = 0;
  EXPECT_THROW(ai::MakeOpenAiEmbedder(no_dimensions), ApiError);
}

// --- Bedrock ---

Response TitanAnswer(const Request&) {
  return {200, R"({"embedding":[0.0,3.0,4.0,0.0],"inputTextTokenCount":2})"};
}

ai::BedrockEmbedderOptions BedrockOptions(const testing::LoopbackHttpServer& server) {
  ai::BedrockEmbedderOptions o;
  o.region = "eu-west-1";
  o.dimensions = 4;
  o.endpoint_url = server.Url("");
  return o;
}

std::shared_ptr<aws::CredentialProvider> TestKeys(std::string session_token = "") {
  return std::make_shared<aws::StaticCredentialProvider>(
      aws::Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", session_token});
}

TEST(BedrockEmbedder, SendsASignedTitanInvokeModelRequest) {
  Stub stub(TitanAnswer);
  testing::FixedClock clock("2024-01-02T03:04:05Z");
  auto embedder = ai::MakeBedrockEmbedder(BedrockOptions(stub.server), TestKeys(), clock);
  EXPECT_EQ(embedder->Id(), "bedrock:amazon.titan-embed-text-v2:0");
  EXPECT_EQ(embedder->Dimensions(), 4);

  const auto vectors = embedder->Embed({"hello bedrock"});
  ASSERT_EQ(stub.requests.size(), 1u);
  const Request& r = stub.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/model/amazon.titan-embed-text-v2%3A0/invoke");
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(R"({"inputText":"hello bedrock","dimensions":4,"normalize":true})"));
  EXPECT_EQ(Header(r, "content-type"), "application/json");
  EXPECT_EQ(r.headers.count("x-amz-security-token"), 0u);
  testing::ExpectSignedAsReceived(r, TestKeys()->Get(), {"eu-west-1", "bedrock"}, clock.Now(),
                                  {"Content-Type", "Accept"});
  // The model id's ':' is signed as %253A (the path as sent, encoded again), as AWS does for
  // every service but S3.
  aws::RequestToSign received;
  received.method = r.method;
  received.host = Header(r, "host");
  received.path = r.target;
  received.payload_hash = Sha256Hex(r.body);
  EXPECT_NE(aws::SignWithHeaders(TestKeys()->Get(), {"eu-west-1", "bedrock"}, received, clock.Now())
                .steps.canonical_request.find("/model/amazon.titan-embed-text-v2%253A0/invoke"),
            std::string::npos);

  ASSERT_EQ(vectors.size(), 1u);
  EXPECT_NEAR(vectors[0][1], 0.6, 1e-6);
  EXPECT_NEAR(vectors[0][2], 0.8, 1e-6);
}

TEST(BedrockEmbedder, OneRequestPerTextWithTheSessionTokenAndNoEmptyInput) {
  Stub stub(TitanAnswer);
  testing::FixedClock clock("2024-01-02T03:04:05Z");
  auto embedder = ai::MakeBedrockEmbedder(BedrockOptions(stub.server), TestKeys("SESSION"), clock);
  EXPECT_EQ(embedder->Embed({"a", "", "c"}).size(), 3u);
  ASSERT_EQ(stub.requests.size(), 3u);
  EXPECT_EQ(boost::json::parse(stub.requests[1].body).at("inputText"), " ");
  EXPECT_EQ(Header(stub.requests[0], "x-amz-security-token"), "SESSION");
  EXPECT_NE(Header(stub.requests[0], "authorization").find("x-amz-security-token"),
            std::string::npos);
}

TEST(BedrockEmbedder, ErrorsNameTheStatus) {
  Stub stub([](const Request&) {
    return Response{
        403, R"({"message":"You don't have access to the model with the specified model ID."})"};
  });
  testing::FixedClock clock("2024-01-02T03:04:05Z");
  try {
    ai::MakeBedrockEmbedder(BedrockOptions(stub.server), TestKeys(), clock)->Embed({"x"});
    FAIL() << "no error";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_NE(std::string(e.what()).find("403"), std::string::npos) << e.what();
  }
  Stub wrong([](const Request&) { return Response{200, R"({"embedding":[1,2]})"}; });
  EXPECT_THROW(
      ai::MakeBedrockEmbedder(BedrockOptions(wrong.server), TestKeys(), clock)->Embed({"x"}),
      ApiError);
}

}  // namespace
}  // namespace chronotrail
