// The signer against AWS's published examples: the SigV4 test suite (AKIDEXAMPLE, us-east-1,
// service "service", 20150830T123600Z) and the worked examples of the S3 documentation
// (AKIAIOSFODNN7EXAMPLE, examplebucket, 20130524T000000Z). Each expected canonical request,
// string to sign and signature is AWS's text, written here as data.
#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include "core/digest.h"
#include "core/time.h"

namespace chronotrail::aws {
namespace {

const Credentials kSuiteKeys{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const SigningScope kSuiteScope{"us-east-1", "service", PathRule::kNormalizedEncodedTwice};
const SigningScope kSuiteScopeS3Paths{"us-east-1", "service", PathRule::kAsSent};
const Micros kSuiteTime = *ParseIsoTime("2015-08-30T12:36:00Z");

const Credentials kS3Keys{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const SigningScope kS3Scope{"us-east-1", "s3", PathRule::kAsSent};
const Micros kS3Time = *ParseIsoTime("2013-05-24T00:00:00Z");

// One case of the SigV4 test suite.
struct SuiteVector {
  const char* name;
  RequestToSign request;
  const char* canonical_request;
  const char* string_to_sign;
  const char* authorization;
};

RequestToSign Request(std::string method, std::string path,
                      std::vector<std::pair<std::string, std::string>> query = {},
                      net::Headers headers = {}, std::string body = "") {
  RequestToSign r;
  r.method = std::move(method);
  r.host = "example.amazonaws.com";
  r.path = std::move(path);
  r.query = std::move(query);
  r.headers = std::move(headers);
  r.payload_hash = Sha256Hex(body);
  return r;
}

#define SUITE_STS(hash) \
  "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" hash
#define SUITE_AUTH(signed_headers, signature)                                         \
  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " \
  "SignedHeaders=" signed_headers ", Signature=" signature
#define EMPTY_HASH "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define UNRESERVED "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const std::vector<SuiteVector>& SuiteVectors() {
  static const std::vector<SuiteVector> vectors = {
      {"get-vanilla", Request("GET", "/"),
       "GET\n/"
       "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-"
       "date\n" EMPTY_HASH,
       SUITE_STS("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
       SUITE_AUTH("host;x-amz-date",
                  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")},
      // "GET /? HTTP/1.1": an empty query signs as no query at all.
      {"get-vanilla-query", Request("GET", "/"),
       "GET\n/"
       "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-"
       "date\n" EMPTY_HASH,
       SUITE_STS("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
       SUITE_AUTH("host;x-amz-date",
                  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")},
      {"get-vanilla-query-order-key-case",
       Request("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}),
       "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"),
       SUITE_AUTH("host;x-amz-date",
                  "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")},
      {"get-vanilla-query-unreserved", Request("GET", "/", {{UNRESERVED, UNRESERVED}}),
       "GET\n/\n" UNRESERVED "=" UNRESERVED
       "\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177"),
       SUITE_AUTH("host;x-amz-date",
                  "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")},
      {"get-utf8", Request("GET", "/\xE1\x88\xB4"),
       "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102"),
       SUITE_AUTH("host;x-amz-date",
                  "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")},
      {"get-space", Request("GET", "/example space/"),
       "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86"),
       SUITE_AUTH("host;x-amz-date",
                  "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741")},
      {"get-slashes", Request("GET", "//example//"),
       "GET\n/example/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015"),
       SUITE_AUTH("host;x-amz-date",
                  "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84")},
      {"get-relative-relative", Request("GET", "/example1/example2/../.."),
       "GET\n/"
       "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-"
       "date\n" EMPTY_HASH,
       SUITE_STS("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
       SUITE_AUTH("host;x-amz-date",
                  "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")},
      {"post-vanilla", Request("POST", "/"),
       "POST\n/"
       "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-"
       "date\n" EMPTY_HASH,
       SUITE_STS("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
       SUITE_AUTH("host;x-amz-date",
                  "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")},
      // Header names are signed lower-case whatever case they were sent in.
      {"post-header-key-case", Request("POST", "/"),
       "POST\n/"
       "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-"
       "date\n" EMPTY_HASH,
       SUITE_STS("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
       SUITE_AUTH("host;x-amz-date",
                  "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")},
      {"post-x-www-form-urlencoded",
       Request("POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}},
               "Param1=value1"),
       "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       SUITE_STS("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"),
       SUITE_AUTH("content-type;host;x-amz-date",
                  "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")},
      {"get-header-value-trim",
       Request("GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}),
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"),
       SUITE_AUTH("host;my-header1;my-header2;x-amz-date",
                  "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")},
      {"get-header-key-duplicate",
       Request("GET", "/", {},
               {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}),
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" EMPTY_HASH,
       SUITE_STS("dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"),
       SUITE_AUTH("host;my-header1;x-amz-date",
                  "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea")},
  };
  return vectors;
}

TEST(SigV4SuiteTest, EveryVectorGivesAwsCanonicalRequestStringToSignAndAuthorization) {
  for (const SuiteVector& v : SuiteVectors()) {
    SCOPED_TRACE(v.name);
    HeaderSignature signed_request =
        SignWithHeaders(kSuiteKeys, kSuiteScope, v.request, kSuiteTime);
    EXPECT_EQ(signed_request.steps.canonical_request, v.canonical_request);
    EXPECT_EQ(signed_request.steps.string_to_sign, v.string_to_sign);
    EXPECT_EQ(signed_request.authorization, v.authorization);
  }
}

TEST(SigV4SuiteTest, SessionTokenIsSentAndSigned) {
  // get-vanilla-with-session-token
  Credentials keys = kSuiteKeys;
  keys.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  HeaderSignature s = SignWithHeaders(keys, kSuiteScope, Request("GET", "/"), kSuiteTime);
  EXPECT_EQ(s.steps.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
            "x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
            "\n\nhost;x-amz-date;x-amz-security-token\n" EMPTY_HASH);
  EXPECT_EQ(s.steps.string_to_sign,
            SUITE_STS("067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b"));
  EXPECT_EQ(s.authorization,
            SUITE_AUTH("host;x-amz-date;x-amz-security-token",
                       "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
  net::Headers expected = {
      {"X-Amz-Date", "20150830T123600Z"},
      {"X-Amz-Security-Token", keys.session_token},
      {"Authorization", s.authorization},
  };
  EXPECT_EQ(s.headers, expected);
}

TEST(SigV4PathTest, S3SignsThePathAsSentOtherServicesNormaliseAndEncodeAgain) {
  // get-space and get-utf8 signed with S3's rule: the wire path (encoded once) is the canonical
  // URI, so the suite's canonical requests and signatures come out the same.
  HeaderSignature space = SignWithHeaders(
      kSuiteKeys, kSuiteScopeS3Paths, Request("GET", UriEncodePath("/example space/")), kSuiteTime);
  EXPECT_EQ(space.steps.signature,
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741");
  HeaderSignature utf8 = SignWithHeaders(
      kSuiteKeys, kSuiteScopeS3Paths, Request("GET", UriEncodePath("/\xE1\x88\xB4")), kSuiteTime);
  EXPECT_EQ(utf8.steps.signature,
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");

  // The same wire path under the two rules: S3 does not touch it, others encode the '%' again
  // and drop dot segments and repeated slashes.
  EXPECT_EQ(CanonicalUri("/example%20space/", PathRule::kAsSent), "/example%20space/");
  EXPECT_EQ(CanonicalUri("/example%20space/", PathRule::kNormalizedEncodedTwice),
            "/example%2520space/");
  EXPECT_EQ(CanonicalUri("//a/./b/../c//", PathRule::kAsSent), "//a/./b/../c//");
  EXPECT_EQ(CanonicalUri("//a/./b/../c//", PathRule::kNormalizedEncodedTwice), "/a/c/");
  // A colon, as in a Bedrock model id: %3A on the wire, %253A in the canonical request.
  EXPECT_EQ(UriEncodePath("/model/a.b:0/invoke"), "/model/a.b%3A0/invoke");
  EXPECT_EQ(CanonicalUri("/model/a.b%3A0/invoke", PathRule::kNormalizedEncodedTwice),
            "/model/a.b%253A0/invoke");
}

TEST(SigV4KeyTest, SigningKeyOfTheDocumentedIamExample) {
  EXPECT_EQ(HexEncode(SigningKey(kSuiteKeys.secret_access_key, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

RequestToSign S3Request(std::string method, std::string path, net::Headers headers,
                        std::string payload_hash) {
  RequestToSign r;
  r.method = std::move(method);
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = std::move(path);
  r.headers = std::move(headers);
  r.payload_hash = std::move(payload_hash);
  return r;
}

TEST(SigV4S3ExampleTest, GetObjectWithRange) {
  HeaderSignature s = SignWithHeaders(
      kS3Keys, kS3Scope,
      S3Request("GET", "/test.txt", {{"Range", "bytes=0-9"}, {"x-amz-content-sha256", EMPTY_HASH}},
                EMPTY_HASH),
      kS3Time);
  EXPECT_EQ(s.steps.canonical_request,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:" EMPTY_HASH
            "\nx-amz-date:20130524T000000Z\n\n"
            "host;range;x-amz-content-sha256;x-amz-date\n" EMPTY_HASH);
  EXPECT_EQ(s.steps.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(s.steps.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4S3ExampleTest, PutObject) {
  const std::string payload_hash = Sha256Hex("Welcome to Amazon S3.");
  ASSERT_EQ(payload_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  HeaderSignature s = SignWithHeaders(kS3Keys, kS3Scope,
                                      S3Request("PUT", UriEncodePath("/test$file.text"),
                                                {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                                                 {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                                                 {"x-amz-content-sha256", payload_hash}},
                                                payload_hash),
                                      kS3Time);
  EXPECT_EQ(
      s.steps.canonical_request,
      "PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"
      "host:examplebucket.s3.amazonaws.com\n"
      "x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
      "x-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n"
      "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
      "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(s.steps.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  EXPECT_EQ(s.steps.signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4S3ExampleTest, PresignedGetUrl) {
  QuerySignature p =
      Presign(kS3Keys, kS3Scope, S3Request("GET", "/test.txt", {}, std::string(kUnsignedPayload)),
              kS3Time, 86400);
  const std::string query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
      "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
      "X-Amz-SignedHeaders=host";
  EXPECT_EQ(p.steps.canonical_request, "GET\n/test.txt\n" + query +
                                           "\nhost:examplebucket.s3.amazonaws.com\n\nhost\n"
                                           "UNSIGNED-PAYLOAD");
  EXPECT_EQ(p.steps.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
  EXPECT_EQ(p.steps.signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(
      p.query,
      query + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4S3ExampleTest, PresignedUrlWithSessionTokenSignsTheToken) {
  Credentials keys = kS3Keys;
  keys.session_token = "token/with+chars=";
  QuerySignature p =
      Presign(keys, kS3Scope, S3Request("GET", "/test.txt", {}, std::string(kUnsignedPayload)),
              kS3Time, 60);
  EXPECT_NE(p.query.find("&X-Amz-Security-Token=token%2Fwith%2Bchars%3D&"), std::string::npos)
      << p.query;
  EXPECT_NE(p.steps.canonical_request.find("X-Amz-Security-Token=token%2Fwith%2Bchars%3D"),
            std::string::npos);
  EXPECT_THROW(Presign(keys, kS3Scope, S3Request("GET", "/t", {}, "x"), kS3Time, 0),
               std::invalid_argument);
  EXPECT_THROW(Presign(keys, kS3Scope, S3Request("GET", "/t", {}, "x"), kS3Time, 604801),
               std::invalid_argument);
}

TEST(SigV4EncodingTest, OnlyUnreservedBytesStayAsTheyAre) {
  EXPECT_EQ(UriEncode("a-b_c.d~e", false), "a-b_c.d~e");
  EXPECT_EQ(UriEncode("a b+c/d=e&f*", false), "a%20b%2Bc%2Fd%3De%26f%2A");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(UriEncode("\xC3\xA9", false), "%C3%A9");
  EXPECT_EQ(CanonicalQuery({{"b", "2"}, {"a", "1"}, {"a", "0"}, {"uploads", ""}}),
            "a=0&a=1&b=2&uploads=");
  EXPECT_EQ(AmzDate(*ParseIsoTime("2024-02-29T23:59:59.75Z")), "20240229T235959Z");
}

}  // namespace
}  // namespace chronotrail::aws
