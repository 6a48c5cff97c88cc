// Reading S3's XML answers by hand: the element asked for and no other, entities decoded.
#include "storage/blob/s3_xml.h"

#include <gtest/gtest.h>

namespace chronotrail::s3xml {
namespace {

TEST(BlobStoreS3XmlTest, ReadsTheNamedElementNotOneThatStartsLikeIt) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult>"
      "<Bucket>b</Bucket><UploadIdMarker>no</UploadIdMarker><UploadId>abc&amp;d&#x2F;e&#61;"
      "</UploadId></InitiateMultipartUploadResult>";
  EXPECT_EQ(ElementText(xml, "UploadId"), "abc&d/e=");
  EXPECT_EQ(ElementText(xml, "Bucket"), "b");
  EXPECT_EQ(ElementText(xml, "Key"), std::nullopt);
}

TEST(BlobStoreS3XmlTest, ReadsErrorCodesAndEmptyElements) {
  const std::string xml =
      "<Error><Code>SignatureDoesNotMatch</Code><Message>The request &lt;sig&gt; &quot;x&quot;"
      "</Message><Resource/><RequestId></RequestId></Error>";
  EXPECT_EQ(ElementText(xml, "Code"), "SignatureDoesNotMatch");
  EXPECT_EQ(ElementText(xml, "Message"), "The request <sig> \"x\"");
  EXPECT_EQ(ElementText(xml, "Resource"), "");
  EXPECT_EQ(ElementText(xml, "RequestId"), "");
  EXPECT_EQ(ElementText("<Code>unterminated", "Code"), std::nullopt);
  EXPECT_EQ(ElementText("", "Code"), std::nullopt);
}

TEST(BlobStoreS3XmlTest, EscapesTextForARequestBody) {
  EXPECT_EQ(Escape("\"etag\" <&> 'x'"), "&quot;etag&quot; &lt;&amp;&gt; &apos;x&apos;");
  EXPECT_EQ(ElementText("<ETag>" + Escape("\"a&b\"") + "</ETag>", "ETag"), "\"a&b\"");
}

}  // namespace
}  // namespace chronotrail::s3xml
