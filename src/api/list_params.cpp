#include "api/list_params.h"

#include <charconv>

namespace chronotrail::api {
namespace {

std::optional<Micros> ReadTime(const http::Request& req, const char* name, bool end_of_day,
                               FieldErrors& errors) {
  std::optional<std::string> text = req.query(name);
  if (!text || text->empty()) return std::nullopt;
  std::optional<Micros> t = ParseIsoTime(*text);
  if (!t) {
    errors.Add(name, "must be an ISO-8601 date or time");
    return std::nullopt;
  }
  if (end_of_day && IsDateOnly(*text)) *t += kMicrosPerDay - 1;
  return t;
}

std::optional<std::int64_t> ReadInt(const http::Request& req, const char* name,
                                    FieldErrors& errors) {
  std::optional<std::string> text = req.query(name);
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) {
    errors.Add(name, "must be a whole number");
    return std::nullopt;
  }
  return v;
}

}  // namespace

ListQuery ReadListQuery(const http::Request& req) {
  ListInput in;
  in.start = ReadTime(req, "start_date", false, in.errors);
  in.end = ReadTime(req, "end_date", true, in.errors);
  in.page = ReadInt(req, "page", in.errors);
  in.page_size = ReadInt(req, "page_size", in.errors);
  return TimelineService::CheckList(std::move(in));
}

}  // namespace chronotrail::api
