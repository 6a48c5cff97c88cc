// An Embedder over Amazon Titan text embeddings on AWS Bedrock (InvokeModel).
//
// Wire format, one request per text (Titan takes one input at a time):
//   POST https://bedrock-runtime.{region}.amazonaws.com/model/{model id}/invoke
//   {"inputText": TEXT, "dimensions": D, "normalize": true}  →  {"embedding": [D numbers], ...}
// signed with SigV4 for service "bedrock" (aws/sigv4.h). The model id's ':' travels as %3A
// (and is signed as %253A, as for every service but S3). Titan refuses an empty inputText, so an
// empty text is sent as one space.
//
// Errors: ApiError(kUnavailable) for missing credentials, a transport failure, an answer other
// than 200 (naming its status; a 403 usually means the model is not enabled for the account or
// region) and an answer of the wrong shape or size. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "ai/embedder.h"
#include "aws/credentials.h"
#include "core/time.h"

namespace chronotrail::ai {

struct BedrockEmbedderOptions {
  std::string region;  // "eu-west-1"
  std::string model = "amazon.titan-embed-text-v2:0";
  int dimensions = 1024;  // Titan v2: 256, 512 or 1024
  // Where to send requests instead of bedrock-runtime.{region}.amazonaws.com
  // (http(s)://host[:port]); for tests and VPC endpoints.
  std::string endpoint_url;
  int timeout_ms = 30000;
};

// Id() is "bedrock:" + model. `clock` (X-Amz-Date) must outlive the embedder. Throws
// ApiError(kUnavailable) for options that cannot work (no region, dimensions < 1, a bad URL).
std::unique_ptr<Embedder> MakeBedrockEmbedder(BedrockEmbedderOptions options,
                                              std::shared_ptr<aws::CredentialProvider> credentials,
                                              const Clock& clock = SystemClock::Instance());

}  // namespace chronotrail::ai
