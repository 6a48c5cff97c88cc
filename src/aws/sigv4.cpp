#include "aws/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <stdexcept>

#include "core/digest.h"

namespace chronotrail::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A header value as AWS canonicalises it: outer whitespace removed, inner runs of spaces made one.
std::string TrimAndCollapse(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Removes "." and ".." segments and empty segments (repeated slashes), as RFC 3986 section 5.2.4
// does for the first two; a trailing slash survives.
std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> kept;
  bool ends_in_directory = false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    ends_in_directory = segment.empty() || segment == "." || segment == "..";
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (std::string_view segment : kept) {
    out.push_back('/');
    out.append(segment);
  }
  if (out.empty() || ends_in_directory) out.push_back('/');
  return out;
}

std::string DateOf(std::string_view amz_date) {
  return std::string(amz_date.substr(0, 8));
}

std::string CredentialScope(std::string_view date, const SigningScope& scope) {
  std::string out(date);
  out.append("/").append(scope.region).append("/").append(scope.service).append("/aws4_request");
  return out;
}

struct CanonicalHeaders {
  std::string text;     // "name:value\n" lines
  std::string signed_;  // "name;name"
};

CanonicalHeaders BuildCanonicalHeaders(const net::Headers& headers) {
  std::map<std::string, std::string> joined;  // sorted by lower-case name
  for (const auto& [name, value] : headers) {
    std::string key = Lower(name);
    auto [it, inserted] = joined.try_emplace(key, TrimAndCollapse(value));
    if (!inserted) it->second.append(",").append(TrimAndCollapse(value));
  }
  CanonicalHeaders out;
  for (const auto& [name, value] : joined) {
    out.text.append(name).append(":").append(value).append("\n");
    if (!out.signed_.empty()) out.signed_.push_back(';');
    out.signed_.append(name);
  }
  return out;
}

// Computes the steps for a request whose full set of signed headers and query is already known.
SignatureSteps Sign(const Credentials& credentials, const SigningScope& scope,
                    const RequestToSign& request, const net::Headers& signed_headers,
                    const std::vector<std::pair<std::string, std::string>>& query,
                    std::string_view amz_date) {
  CanonicalHeaders headers = BuildCanonicalHeaders(signed_headers);
  SignatureSteps steps;
  steps.signed_headers = headers.signed_;
  steps.canonical_request.append(request.method).append("\n");
  steps.canonical_request.append(CanonicalUri(request.path, scope.path_rule)).append("\n");
  steps.canonical_request.append(CanonicalQuery(query)).append("\n");
  steps.canonical_request.append(headers.text).append("\n");
  steps.canonical_request.append(headers.signed_).append("\n");
  steps.canonical_request.append(request.payload_hash);

  const std::string date = DateOf(amz_date);
  steps.string_to_sign.append(kAlgorithm).append("\n");
  steps.string_to_sign.append(amz_date).append("\n");
  steps.string_to_sign.append(CredentialScope(date, scope)).append("\n");
  steps.string_to_sign.append(Sha256Hex(steps.canonical_request));

  std::string key = SigningKey(credentials.secret_access_key, date, scope.region, scope.service);
  steps.signature = HexEncode(HmacSha256Raw(key, steps.string_to_sign));
  return steps;
}

}  // namespace

std::string UriEncode(std::string_view bytes, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view path, PathRule rule) {
  if (path.empty()) return "/";
  if (rule == PathRule::kAsSent) return std::string(path);
  return UriEncode(NormalizePath(path), true);
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string AmzDate(Micros now) {
  std::time_t seconds = static_cast<std::time_t>(now / kMicrosPerSecond);
  if (now < 0 && now % kMicrosPerSecond != 0) --seconds;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string key = HmacSha256Raw("AWS4" + std::string(secret), date);
  key = HmacSha256Raw(key, region);
  key = HmacSha256Raw(key, service);
  return HmacSha256Raw(key, "aws4_request");
}

HeaderSignature SignWithHeaders(const Credentials& credentials, const SigningScope& scope,
                                const RequestToSign& request, Micros now) {
  const std::string amz_date = AmzDate(now);
  net::Headers added = {{"X-Amz-Date", amz_date}};
  if (!credentials.session_token.empty()) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  net::Headers to_sign = request.headers;
  to_sign.emplace_back("Host", request.host);
  to_sign.insert(to_sign.end(), added.begin(), added.end());

  HeaderSignature out;
  out.steps = Sign(credentials, scope, request, to_sign, request.query, amz_date);
  out.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                      CredentialScope(DateOf(amz_date), scope) +
                      ", SignedHeaders=" + out.steps.signed_headers +
                      ", Signature=" + out.steps.signature;
  out.headers = std::move(added);
  out.headers.emplace_back("Authorization", out.authorization);
  return out;
}

QuerySignature Presign(const Credentials& credentials, const SigningScope& scope,
                       const RequestToSign& request, Micros now, int expires_seconds) {
  if (expires_seconds < 1 || expires_seconds > 604800) {
    throw std::invalid_argument("X-Amz-Expires must be 1..604800 seconds");
  }
  const std::string amz_date = AmzDate(now);
  net::Headers to_sign = request.headers;
  to_sign.emplace_back("Host", request.host);
  CanonicalHeaders headers = BuildCanonicalHeaders(to_sign);

  auto query = request.query;
  query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  query.emplace_back("X-Amz-Credential",
                     credentials.access_key_id + "/" + CredentialScope(DateOf(amz_date), scope));
  query.emplace_back("X-Amz-Date", amz_date);
  query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
  if (!credentials.session_token.empty()) {
    query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  query.emplace_back("X-Amz-SignedHeaders", headers.signed_);

  QuerySignature out;
  out.steps = Sign(credentials, scope, request, to_sign, query, amz_date);
  out.query = CanonicalQuery(query) + "&X-Amz-Signature=" + out.steps.signature;
  return out;
}

}  // namespace chronotrail::aws
