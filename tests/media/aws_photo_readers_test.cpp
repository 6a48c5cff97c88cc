// Rekognition and Textract clients against a stub on loopback that checks the exact JSON 1.1
// request (target, content type, SigV4 signature, body) and answers as AWS does.
#include "media/aws_photo_readers.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "aws/json_service.h"
#include "core/error.h"
#include "media/media_samples.h"
#include "support/aws_json_stub.h"
#include "support/fixed_clock.h"
#include "support/temp_dir.h"

namespace chronotrail::media {
namespace {

using testing::AwsJsonStub;
using Response = testing::LoopbackHttpServer::Response;

const DetectedType kPng{MediaKind::kPhoto, "image/png", "png", "PNG"};

class AwsPhotoReaders : public ::testing::Test {
 protected:
  AwsPhotoReaders() {
    const std::string path = (dir_.path() / "photo.png").string();
    testing::Shell("convert -size 640x480 gradient:white-navy " + testing::Quoted(path));
    photo_ = testing::ReadFileBytes(path);
  }

  AwsPhotoOptions Options(const AwsJsonStub& stub) const {
    AwsPhotoOptions o;
    o.region = "eu-west-1";
    o.endpoint_url = stub.server.Url("");
    o.timeout_ms = 10000;
    return o;
  }

  // The photo inside a request body's {"Bytes": ...}, decoded: a JPEG of the same size.
  static void ExpectTheJpegOfThePhoto(const boost::json::value& image) {
    const std::string jpeg =
        testing::DecodeStandardBase64(std::string(image.at("Bytes").as_string()));
    ASSERT_GE(jpeg.size(), 3u);
    EXPECT_EQ(jpeg.substr(0, 3), "\xff\xd8\xff");
    cv::Mat decoded =
        cv::imdecode(cv::Mat(1, int(jpeg.size()), CV_8U, (void*)jpeg.data()), cv::IMREAD_COLOR);
    EXPECT_EQ(decoded.cols, 640);
    EXPECT_EQ(decoded.rows, 480);
  }

  testing::TempDir dir_;
  std::string photo_;
  testing::FixedClock clock_{"2024-05-06T07:08:09Z"};
};

TEST_F(AwsPhotoReaders, RekognitionDetectLabelsIsASignedJsonCallWithTheJpegBytes) {
  AwsJsonStub stub([](const auto&, const std::string&, const boost::json::value&) {
    return Response{200, R"({"Labels": [
        {"Name": "Sky", "Confidence": 99.2, "Instances": [], "Parents": []},
        {"Name": "Outdoors", "Confidence": 91.0, "Instances": [], "Parents": []}],
        "LabelModelVersion": "3.0"})"};
  });
  auto labeler = MakeRekognitionLabeler(Options(stub), testing::StubKeys(), clock_);
  EXPECT_EQ(labeler->Labels(photo_, kPng), (std::vector<std::string>{"Sky", "Outdoors"}));

  ASSERT_EQ(stub.Requests().size(), 1u);
  boost::json::object body =
      testing::ExpectSignedJsonCall(stub.Requests()[0], "RekognitionService.DetectLabels",
                                    "rekognition", "eu-west-1", clock_.Now());
  EXPECT_EQ(body.size(), 3u);
  EXPECT_EQ(body.at("MaxLabels").as_int64(), 10);
  EXPECT_EQ(body.at("MinConfidence").to_number<double>(), 70.0);
  ASSERT_EQ(body.at("Image").as_object().size(), 1u);
  ExpectTheJpegOfThePhoto(body.at("Image"));
}

TEST_F(AwsPhotoReaders, RekognitionDetectTextKeepsLinesNotTheirWords) {
  AwsJsonStub stub([](const auto&, const std::string&, const boost::json::value&) {
    return Response{200, R"({"TextDetections": [
        {"DetectedText": "OPEN SUNDAY", "Type": "LINE", "Id": 0, "Confidence": 99},
        {"DetectedText": "Harbour Market", "Type": "LINE", "Id": 1, "Confidence": 98},
        {"DetectedText": "OPEN", "Type": "WORD", "Id": 2, "ParentId": 0, "Confidence": 99}]})"};
  });
  auto reader = MakeRekognitionTextReader(Options(stub), testing::StubKeys(), clock_);
  EXPECT_EQ(reader->ReadText(photo_, kPng), "OPEN SUNDAY\nHarbour Market");
  boost::json::object body =
      testing::ExpectSignedJsonCall(stub.Requests().at(0), "RekognitionService.DetectText",
                                    "rekognition", "eu-west-1", clock_.Now());
  EXPECT_EQ(body.size(), 1u);
  ExpectTheJpegOfThePhoto(body.at("Image"));
}

TEST_F(AwsPhotoReaders, TextractDetectDocumentTextReadsTheLineBlocks) {
  AwsJsonStub stub([](const auto&, const std::string&, const boost::json::value&) {
    return Response{200, R"({"DocumentMetadata": {"Pages": 1}, "Blocks": [
        {"BlockType": "PAGE", "Id": "p"},
        {"BlockType": "LINE", "Text": "Total 12.50 EUR", "Id": "l1"},
        {"BlockType": "WORD", "Text": "Total", "Id": "w1"},
        {"BlockType": "LINE", "Text": "Thank you", "Id": "l2"}]})"};
  });
  auto reader = MakeTextractTextReader(Options(stub), testing::StubKeys(), clock_);
  EXPECT_EQ(reader->ReadText(photo_, kPng), "Total 12.50 EUR\nThank you");
  boost::json::object body = testing::ExpectSignedJsonCall(
      stub.Requests().at(0), "Textract.DetectDocumentText", "textract", "eu-west-1", clock_.Now());
  EXPECT_EQ(body.size(), 1u);
  ExpectTheJpegOfThePhoto(body.at("Document"));
}

TEST_F(AwsPhotoReaders, AnAwsErrorCarriesItsTypeAndMessage) {
  AwsJsonStub stub([](const auto&, const std::string&, const boost::json::value&) {
    return Response{400, R"({"__type": "com.amazonaws.rekognition#InvalidImageFormatException",
                             "Message": "Request has invalid image format"})"};
  });
  auto labeler = MakeRekognitionLabeler(Options(stub), testing::StubKeys(), clock_);
  try {
    labeler->Labels(photo_, kPng);
    FAIL() << "no exception";
  } catch (const aws::ServiceError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_EQ(e.type(), "InvalidImageFormatException");
    EXPECT_EQ(e.status(), 400);
    EXPECT_NE(std::string(e.what()).find("Request has invalid image format"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(testing::kStubSecret), std::string::npos);
  }
}

TEST_F(AwsPhotoReaders, APhotoOverTheLimitIsScaledDownUntilItFitsOrRefused) {
  const std::string path = (dir_.path() / "noise.png").string();
  testing::Shell("convert -size 2000x1500 xc: +noise Random " + testing::Quoted(path));
  const std::string noise = testing::ReadFileBytes(path);
  const std::string full = PhotoWithin(noise, kPng, kTextractMaxBytes);
  cv::Mat big =
      cv::imdecode(cv::Mat(1, int(full.size()), CV_8U, (void*)full.data()), cv::IMREAD_COLOR);
  EXPECT_EQ(big.cols, 2000);  // under 4096 px and under 10 MB: only re-encoded

  const std::string small = PhotoWithin(noise, kPng, 600 * 1024);
  EXPECT_LE(small.size(), 600u * 1024);
  cv::Mat scaled =
      cv::imdecode(cv::Mat(1, int(small.size()), CV_8U, (void*)small.data()), cv::IMREAD_COLOR);
  EXPECT_LT(scaled.cols, 2000);
  EXPECT_GE(scaled.cols, 512);

  EXPECT_THROW(PhotoWithin(noise, kPng, 1000), ApiError);
}

}  // namespace
}  // namespace chronotrail::media
