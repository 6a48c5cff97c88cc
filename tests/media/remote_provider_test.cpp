// The OpenAI-compatible clients, against a stub server on loopback that records exactly what we
// send and answers with canned JSON.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <boost/json.hpp>
#include <memory>
#include <opencv2/imgcodecs.hpp>

#include "core/error.h"
#include "media/media_samples.h"
#include "media/remote_describer.h"
#include "media/remote_transcriber.h"
#include "support/loopback_http_server.h"
#include "support/temp_dir.h"

namespace chronotrail::media {
namespace {

using testing::LoopbackHttpServer;

// The stub: remembers the last request, answers `status` with `body`.
struct Stub {
  LoopbackHttpServer::Request last;
  int status = 200;
  std::string body;
  LoopbackHttpServer server{[this](const LoopbackHttpServer::Request& r) {
    last = r;
    LoopbackHttpServer::Response out;
    out.status = status;
    out.body = body;
    return out;
  }};

  RemoteProviderSettings Settings(const std::string& model) const {
    RemoteProviderSettings s;
    s.base_url = server.Url("/v1/");
    s.api_key = "sk-test-123";
    s.model = model;
    s.timeout_ms = 10000;
    return s;
  }
};

const DetectedType kM4a{MediaKind::kVoice, "audio/mp4", "m4a", "M4A"};

std::string Base64Decode(const std::string& text) {
  std::string out(text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  // EVP_DecodeBlock counts each '=' of padding as a zero byte.
  std::size_t padding = text.size() - text.find_last_not_of('=') - 1;
  out.resize(std::size_t(std::max(n, 0)) - padding);
  return out;
}

TEST(MediaRemote, Base64IsStandardWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
}

TEST(MediaRemote, TranscriberSendsTheOpenAiMultipartRequest) {
  Stub stub;
  stub.body = R"({"text": "remember to buy milk"})";
  OpenAiTranscriber transcriber(stub.Settings("whisper-1"), "en");
  const std::string audio("\0\x01\x02binary\r\n--not-a-boundary\xff", 28);
  EXPECT_EQ(transcriber.Transcribe(audio, kM4a), "remember to buy milk");

  EXPECT_EQ(stub.last.method, "POST");
  EXPECT_EQ(stub.last.target, "/v1/audio/transcriptions");
  EXPECT_EQ(stub.last.headers["authorization"], "Bearer sk-test-123");
  const std::string& type = stub.last.headers["content-type"];
  const std::string prefix = "multipart/form-data; boundary=";
  ASSERT_EQ(type.rfind(prefix, 0), 0u) << type;
  const std::string b = type.substr(prefix.size());
  EXPECT_GE(b.size(), 20u);
  EXPECT_EQ(stub.last.body,
            "--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n" +
                "--" + b + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n" +
                "--" + b +
                "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"voice.m4a\"\r\n"
                "Content-Type: audio/mp4\r\n\r\n" +
                audio + "\r\n--" + b + "--\r\n");
  EXPECT_EQ(stub.last.headers["content-length"], std::to_string(stub.last.body.size()));
}

TEST(MediaRemote, TranscriberSendsNoKeyOrLanguageWhenNoneIsSet) {
  Stub stub;
  stub.body = R"({"text": ""})";
  RemoteProviderSettings settings = stub.Settings("whisper-large-v3");
  settings.api_key.clear();
  OpenAiTranscriber transcriber(settings);
  EXPECT_EQ(transcriber.Transcribe("abc", kM4a), "");
  EXPECT_FALSE(stub.last.headers.count("authorization"));
  EXPECT_EQ(stub.last.body.find("name=\"language\""), std::string::npos);
  EXPECT_NE(stub.last.body.find("whisper-large-v3"), std::string::npos);
}

TEST(MediaRemote, ProviderErrorsAreUnavailableWithTheProvidersReason) {
  Stub stub;
  stub.status = 401;
  stub.body = R"({"error": {"message": "Incorrect API key provided", "type": "invalid_request"}})";
  OpenAiTranscriber transcriber(stub.Settings("whisper-1"));
  try {
    transcriber.Transcribe("abc", kM4a);
    FAIL() << "no exception";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1"), std::string::npos) << what;
    EXPECT_NE(what.find("401"), std::string::npos) << what;
    EXPECT_NE(what.find("Incorrect API key provided"), std::string::npos) << what;
  }
  stub.status = 200;
  stub.body = R"({"transcript": "wrong field"})";
  EXPECT_THROW(transcriber.Transcribe("abc", kM4a), ApiError);
  stub.body = "<html>gateway</html>";
  EXPECT_THROW(transcriber.Transcribe("abc", kM4a), ApiError);
}

TEST(MediaRemote, AnUnreachableProviderIsUnavailable) {
  std::string url;
  {
    Stub gone;
    url = gone.server.Url("/v1");
  }
  RemoteProviderSettings settings;
  settings.base_url = url;
  settings.model = "whisper-1";
  settings.timeout_ms = 3000;
  try {
    OpenAiTranscriber(settings).Transcribe("abc", kM4a);
    FAIL() << "no exception";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
  }
}

class MediaRemoteVision : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(MediaRemoteVision, SendsAnUprightSmallJpegWithoutMetadataAsADataUrl) {
  // 2000x1000 stored sideways with Orientation 6 and a GPS position that must not leave us.
  std::string path = (dir_.path() / "big.jpg").string();
  testing::Shell("convert -size 2000x1000 gradient:red-blue " + testing::Quoted(path));
  testing::Shell("exiv2 -M" + testing::Quoted("set Exif.Image.Orientation 6") + " -M" +
                 testing::Quoted("set Exif.GPSInfo.GPSLatitude 38/1 42/1 0/1") + " " +
                 testing::Quoted(path));
  Stub stub;
  stub.body = R"({"id": "x", "choices": [{"index": 0, "message": {"role": "assistant",
                  "content": "A red and blue gradient."}, "finish_reason": "stop"}]})";
  VisionOptions options;
  options.prompt = "Describe it.";
  OpenAiVisionDescriber describer(stub.Settings("gpt-4o-mini"), options);
  DetectedType jpeg{MediaKind::kPhoto, "image/jpeg", "jpg", "JPEG"};
  EXPECT_EQ(describer.Describe(testing::ReadFileBytes(path), jpeg), "A red and blue gradient.");

  EXPECT_EQ(stub.last.method, "POST");
  EXPECT_EQ(stub.last.target, "/v1/chat/completions");
  EXPECT_EQ(stub.last.headers["authorization"], "Bearer sk-test-123");
  EXPECT_EQ(stub.last.headers["content-type"], "application/json");
  boost::json::object sent = boost::json::parse(stub.last.body).as_object();
  EXPECT_EQ(sent.at("model").as_string(), "gpt-4o-mini");
  EXPECT_EQ(sent.at("max_tokens").as_int64(), 300);
  const boost::json::array& messages = sent.at("messages").as_array();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].at("role").as_string(), "user");
  const boost::json::array& content = messages[0].at("content").as_array();
  ASSERT_EQ(content.size(), 2u);
  EXPECT_EQ(content[0].at("type").as_string(), "text");
  EXPECT_EQ(content[0].at("text").as_string(), "Describe it.");
  EXPECT_EQ(content[1].at("type").as_string(), "image_url");
  std::string url(content[1].at("image_url").at("url").as_string());
  const std::string data_prefix = "data:image/jpeg;base64,";
  ASSERT_EQ(url.rfind(data_prefix, 0), 0u);
  std::string image = Base64Decode(url.substr(data_prefix.size()));
  EXPECT_EQ(image.find("Exif"), std::string::npos) << "metadata sent to the provider";
  cv::Mat decoded =
      cv::imdecode(cv::Mat(1, int(image.size()), CV_8U, image.data()), cv::IMREAD_COLOR);
  ASSERT_FALSE(decoded.empty());
  EXPECT_EQ(decoded.cols, 768);  // upright: 1000x2000 scaled to 1536 on the longer side
  EXPECT_EQ(decoded.rows, 1536);
}

TEST_F(MediaRemoteVision, AcceptsHeicAndAnswersMadeOfParts) {
  std::string png = (dir_.path() / "small.png").string();
  std::string heic = (dir_.path() / "small.heic").string();
  testing::Shell("convert -size 64x48 xc:green " + testing::Quoted(png));
  testing::Shell("heif-enc -q 60 " + testing::Quoted(png) + " -o " + testing::Quoted(heic));
  Stub stub;
  stub.body = R"({"choices": [{"message": {"content": [{"type": "text", "text": "A green "},
                  {"type": "text", "text": "square."}]}}]})";
  OpenAiVisionDescriber describer(stub.Settings("llava"));
  DetectedType type{MediaKind::kPhoto, "image/heic", "heic", "HEIC"};
  EXPECT_EQ(describer.Describe(testing::ReadFileBytes(heic), type), "A green square.");
  stub.body = R"({"choices": []})";
  EXPECT_THROW(describer.Describe(testing::ReadFileBytes(heic), type), ApiError);
}

}  // namespace
}  // namespace chronotrail::media
