#include "ai/remote/bedrock_chat.h"

#include <boost/json.hpp>

#include "ai/remote/provider_call.h"
#include "aws/service_call.h"
#include "core/error.h"

namespace chronotrail::ai {
namespace {

class BedrockChat : public ChatModel {
 public:
  BedrockChat(BedrockChatOptions options, aws::ServiceCall call)
      : options_(std::move(options)),
        call_(std::move(call)),
        path_("/model/" + aws::UriEncode(options_.model, false) + "/converse") {}

  std::string Id() const override { return "bedrock:" + options_.model; }

  std::string Complete(const ChatRequest& chat) const override {
    boost::json::object body;
    body["system"] = boost::json::array{boost::json::object{{"text", chat.system}}};
    body["messages"] = boost::json::array{boost::json::object{
        {"role", "user"},
        {"content", boost::json::array{boost::json::object{{"text", chat.user}}}}}};
    body["inferenceConfig"] =
        boost::json::object{{"maxTokens", chat.max_tokens}, {"temperature", 0}};
    const std::string provider = "Bedrock (" + options_.model + " in " + options_.region + ")";
    const boost::json::value answer = remote::JsonAnswer(
        call_.Post(path_, {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                   boost::json::serialize(body)),
        provider);
    boost::system::error_code ec;
    std::string text;
    const boost::json::value* content = answer.find_pointer("/output/message/content", ec);
    if (content && content->is_array()) {
      for (const boost::json::value& block : content->as_array()) {
        const boost::json::object* o = block.if_object();
        const boost::json::value* t = o ? o->if_contains("text") : nullptr;
        if (t && t->is_string()) text += t->as_string();
      }
    }
    if (text.empty()) throw ApiError(ErrorKind::kUnavailable, provider + " answered without text");
    return text;
  }

 private:
  const BedrockChatOptions options_;
  const aws::ServiceCall call_;
  const std::string path_;
};

}  // namespace

std::unique_ptr<ChatModel> MakeBedrockChat(BedrockChatOptions options,
                                           std::shared_ptr<aws::CredentialProvider> credentials,
                                           const Clock& clock) {
  aws::ServiceCall call =
      remote::BedrockRuntimeCall(options.region, options.model, options.endpoint_url,
                                 std::move(credentials), clock, options.timeout_ms);
  return std::make_unique<BedrockChat>(std::move(options), std::move(call));
}

}  // namespace chronotrail::ai
