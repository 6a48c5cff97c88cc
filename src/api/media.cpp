// /api/v1/photos, /api/v1/voice (uploads) and /api/v1/media (the bytes, their metadata, lists).
#include <boost/json.hpp>
#include <charconv>
#include <memory>

#include "api/byte_ranges.h"
#include "api/encode.h"
#include "api/list_params.h"
#include "api/routes.h"
#include "api/upload_form.h"
#include "http/error_response.h"

namespace chronotrail::api {
namespace {

constexpr std::int64_t kPieceBytes = 1 << 20;  // how much of a download is read at a time

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// inline; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266).
std::string ContentDisposition(const Media& m) {
  std::string name =
      m.original_filename.value_or(std::string(MediaTypeName(m.type)) + "-" + m.id.substr(0, 8));
  std::string fallback;
  std::string encoded;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    fallback += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    if (IsTokenChar(c) && c != '%' && c != '\'' && c != '*') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "inline; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

// True when an If-None-Match list names `etag` (or is "*"); weak tags compare equal too.
bool MatchesEtag(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

// The bytes of `m` (or part of them) as a response: ETag, conditional GET, ranges.
Response ServeBytes(const MediaService& media, const Media& m, const Request& req) {
  const std::string etag = "\"" + m.sha256 + "\"";
  Response res;
  res.content_type = m.content_type;
  res.headers = {{"ETag", etag},
                 {"Accept-Ranges", "bytes"},
                 {"Cache-Control", "private, max-age=3600"},
                 {"Content-Disposition", ContentDisposition(m)}};
  if (std::string_view inm = req.header("If-None-Match"); !inm.empty() && MatchesEtag(inm, etag)) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  RangeRequest range;
  std::string_view if_range = req.header("If-Range");
  if (if_range.empty() || if_range == etag) range = ParseRange(req.header("Range"), m.file_size);
  std::int64_t first = 0;
  std::int64_t last = m.file_size - 1;
  if (range.kind == RangeRequest::Kind::kUnsatisfiable) {
    Response refused = http::ErrorResponse(ErrorKind::kRangeNotSatisfiable,
                                           "The requested range lies outside the file");
    refused.headers.emplace_back("Content-Range", "bytes */" + std::to_string(m.file_size));
    return refused;
  }
  if (range.kind == RangeRequest::Kind::kPart) {
    first = range.first;
    last = range.last;
    res.status = 206;
    res.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                  std::to_string(last) + "/" +
                                                  std::to_string(m.file_size));
  }
  res.stream_length = static_cast<std::uint64_t>(last - first + 1);
  auto next = std::make_shared<std::int64_t>(first);
  res.stream = [&media, m, next, last]() -> std::string {
    if (*next > last) return {};
    std::string piece;
    ByteRange r{*next, std::min(last, *next + kPieceBytes - 1)};
    media.ReadBytes(m, r, [&](std::string_view bytes) {
      piece.append(bytes);
      return true;
    });
    if (piece.empty()) throw std::runtime_error("media bytes ended early");
    *next += static_cast<std::int64_t>(piece.size());
    return piece;
  };
  return res;
}

std::optional<MediaType> ReadTypeFilter(const Request& req) {
  std::optional<std::string> type = req.query("type");
  if (!type || type->empty()) return std::nullopt;
  std::optional<MediaType> parsed = ParseMediaType(*type);
  if (!parsed) {
    FieldErrors errors;
    errors.Add("type", "must be photo or voice");
    errors.ThrowIfAny();
  }
  return parsed;
}

std::int64_t ReadExpiration(const Request& req) {
  std::optional<std::string> text = req.query("expiration");
  if (!text) return 3600;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < 60 || v > 86400) {
    FieldErrors errors;
    errors.Add("expiration", "must be a whole number of seconds from 60 to 86400");
    errors.ThrowIfAny();
  }
  return v;
}

}  // namespace

void AddMediaRoutes(http::Router& router, const Services& s) {
  // Handlers outlive `s`: capture the services themselves, never `s`.
  const MediaService& media = s.media;
  for (auto [path, type] : {std::pair{"/api/v1/photos", MediaType::kPhoto},
                            std::pair{"/api/v1/voice", MediaType::kVoice}}) {
    router.AddUpload(verb::post, path, Access::kAuthenticated,
                     [&media, type](Request& req) -> std::unique_ptr<http::BodySink> {
                       return std::make_unique<UploadForm>(media, req.user(), type, req);
                     });
  }
  router.Add(verb::get, "/api/v1/media", Access::kAuthenticated, [&media](Request& req) {
    std::optional<MediaType> type = ReadTypeFilter(req);
    ListQuery query = ReadListQuery(req);
    return Response::JsonText(200,
                              EncodePage(media.List(req.user(), type, query), query.page, "media"));
  });
  router.Add(verb::get, "/api/v1/media/{id}", Access::kAuthenticated, [&media](Request& req) {
    return ServeBytes(media, media.Get(req.user(), req.param("id")), req);
  });
  router.Add(verb::get, "/api/v1/media/{id}/info", Access::kAuthenticated, [&media](Request& req) {
    return Response::JsonText(200, Encode(media.Get(req.user(), req.param("id"))));
  });
  router.Add(
      verb::get, "/api/v1/media/{id}/download-url", Access::kAuthenticated, [&media](Request& req) {
        std::int64_t ttl = ReadExpiration(req);
        Media m = media.Get(req.user(), req.param("id"));
        MediaDownloadUrl url = media.DownloadUrl(req.user(), m.id, std::chrono::seconds(ttl));
        JsonWriter w;
        w.BeginObject().Key("download_url").String(url.url);
        w.Key("expires_in").Int(url.expires_in).Key("file_info");
        Write(w, m);
        w.EndObject();
        return Response::JsonText(200, w.Take());
      });
  // The target of a server-signed download URL: the signature is the credential.
  router.Add(verb::get, "/api/v1/media/{id}/content", Access::kPublic, [&media](Request& req) {
    std::int64_t expires = 0;
    std::string e = req.query("expires").value_or("");
    std::from_chars(e.data(), e.data() + e.size(), expires);
    Media m = media.ResolveSignedUrl(req.query("user").value_or(""), req.param("id"), expires,
                                     req.query("signature").value_or(""));
    return ServeBytes(media, m, req);
  });
  router.Add(verb::delete_, "/api/v1/media/{id}", Access::kAuthenticated, [&media](Request& req) {
    media.Delete(req.user(), req.param("id"));
    return Response::NoContent();
  });
}

}  // namespace chronotrail::api
