// S3's XML responses (storage/blob/s3_xml.h). Input: a response body. The elements the S3 store
// reads are looked up in it; and any text escaped into an element must read back unchanged.
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "storage/blob/s3_xml.h"

using namespace chronotrail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml = fuzz::AsText(data, size);
  for (const char* name : {"UploadId", "ETag", "Code", "Message", "Key", "IsTruncated"}) {
    (void)s3xml::ElementText(xml, name);
  }
  const std::string element = "<Key>" + s3xml::Escape(xml) + "</Key>";
  fuzz::Check(s3xml::ElementText(element, "Key") == std::string(xml),
              "escaped text does not read back");
  return 0;
}
