// The little XML that S3 speaks to us: reading one element's text out of a response
// (UploadId, ETag, the error Code and Message), the entries of a listing, and escaping text we put
// into a request body.
// Hand-written on purpose: S3's responses are flat and known, and a parser dependency for three
// element names would cost more than it saves. Not a general XML reader: no CDATA, no comments
// inside the elements read, no namespaces prefixes on element names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chronotrail::s3xml {

// The text of the first element named `name` (entities decoded), or nullopt when there is none.
// An empty element (<Name/> or <Name></Name>) gives "".
std::optional<std::string> ElementText(std::string_view xml, std::string_view name);

// The raw content (entities not decoded: read it with ElementText) of every element named `name`,
// in document order; an element inside another of the same name is not seen separately.
std::vector<std::string_view> Elements(std::string_view xml, std::string_view name);

// `text` with &, <, >, " and ' written as entities.
std::string Escape(std::string_view text);

}  // namespace chronotrail::s3xml
