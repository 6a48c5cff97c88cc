#include "ai/remote/bedrock_embedder.h"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "ai/remote/vector_json.h"
#include "aws/sigv4.h"
#include "core/digest.h"
#include "core/error.h"
#include "net/http_fetch.h"

namespace chronotrail::ai {
namespace {

class BedrockEmbedder : public Embedder {
 public:
  BedrockEmbedder(BedrockEmbedderOptions options,
                  std::shared_ptr<aws::CredentialProvider> credentials, const Clock& clock,
                  std::string scheme, std::string host)
      : options_(std::move(options)),
        credentials_(std::move(credentials)),
        clock_(clock),
        scheme_(std::move(scheme)),
        host_(std::move(host)),
        path_("/model/" + aws::UriEncode(options_.model, false) + "/invoke") {}

  std::string Id() const override { return "bedrock:" + options_.model; }
  int Dimensions() const override { return options_.dimensions; }

  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) const override {
    std::vector<std::vector<float>> vectors;
    vectors.reserve(texts.size());
    for (const std::string& text : texts) vectors.push_back(EmbedOne(text));
    return vectors;
  }

 private:
  std::vector<float> EmbedOne(const std::string& text) const {
    boost::json::object body;
    body["inputText"] = text.empty() ? " " : text;
    body["dimensions"] = options_.dimensions;
    body["normalize"] = true;
    const std::string payload = boost::json::serialize(body);

    aws::RequestToSign to_sign;
    to_sign.method = "POST";
    to_sign.host = host_;
    to_sign.path = path_;
    to_sign.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    to_sign.payload_hash = Sha256Hex(payload);
    const aws::SigningScope scope{options_.region, "bedrock"};
    const aws::HeaderSignature signature =
        aws::SignWithHeaders(credentials_->Get(), scope, to_sign, clock_.Now());

    net::HttpRequest request;
    request.method = "POST";
    request.url = scheme_ + "://" + host_ + path_;
    request.headers.emplace_back("Host", host_);
    request.headers.insert(request.headers.end(), to_sign.headers.begin(), to_sign.headers.end());
    request.headers.insert(request.headers.end(), signature.headers.begin(),
                           signature.headers.end());
    request.body = payload;
    request.timeout_ms = options_.timeout_ms;
    const net::HttpResponse response = net::HttpFetch(request);
    const std::string provider = "Bedrock (" + options_.model + " in " + options_.region + ")";
    if (response.status != 200) {
      throw ApiError(
          ErrorKind::kUnavailable,
          provider + " answered " + remote::DescribeErrorAnswer(response.status, response.body));
    }
    boost::system::error_code ec;
    const boost::json::value answer = boost::json::parse(response.body, ec);
    const boost::json::value* embedding =
        !ec && answer.is_object() ? answer.as_object().if_contains("embedding") : nullptr;
    if (!embedding) {
      throw ApiError(ErrorKind::kUnavailable, provider + " answered without an embedding");
    }
    return remote::UnitVectorFromJson(*embedding, options_.dimensions, provider);
  }

  const BedrockEmbedderOptions options_;
  const std::shared_ptr<aws::CredentialProvider> credentials_;
  const Clock& clock_;
  const std::string scheme_;
  const std::string host_;
  const std::string path_;  // as sent: the model id percent-encoded
};

}  // namespace

std::unique_ptr<Embedder> MakeBedrockEmbedder(BedrockEmbedderOptions options,
                                              std::shared_ptr<aws::CredentialProvider> credentials,
                                              const Clock& clock) {
  if (options.region.empty()) throw ApiError(ErrorKind::kUnavailable, "Bedrock needs a region");
  if (options.model.empty()) throw ApiError(ErrorKind::kUnavailable, "Bedrock needs a model id");
  if (options.dimensions < 1) {
    throw ApiError(ErrorKind::kUnavailable, "the embedding model's dimensions must be set");
  }
  if (!credentials) throw ApiError(ErrorKind::kUnavailable, "Bedrock needs AWS credentials");
  std::string scheme = "https";
  std::string host = "bedrock-runtime." + options.region + ".amazonaws.com";
  if (!options.endpoint_url.empty()) {
    auto endpoint = boost::urls::parse_uri(options.endpoint_url);
    if (!endpoint || (endpoint->scheme() != "http" && endpoint->scheme() != "https") ||
        endpoint->encoded_host().empty()) {
      throw ApiError(ErrorKind::kUnavailable, "the Bedrock endpoint is not an http(s) URL");
    }
    scheme = std::string(endpoint->scheme());
    host = std::string(endpoint->encoded_host_and_port());
  }
  return std::make_unique<BedrockEmbedder>(std::move(options), std::move(credentials), clock,
                                           std::move(scheme), std::move(host));
}

}  // namespace chronotrail::ai
