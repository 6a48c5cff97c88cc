#include "services/query_sessions.h"

#include <boost/json.hpp>

namespace chronotrail {
namespace {

namespace json = boost::json;

json::array Strings(const std::vector<std::string>& list) {
  json::array out;
  for (const std::string& s : list) out.emplace_back(s);
  return out;
}

// The strings of `v` when it is an array of strings.
std::optional<std::vector<std::string>> StringsOf(const json::value* v) {
  if (!v) return std::vector<std::string>{};
  if (!v->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const json::value& s : v->as_array()) {
    if (!s.is_string()) return std::nullopt;
    out.emplace_back(s.as_string());
  }
  return out;
}

}  // namespace

std::string ContextToJson(const QueryContext& c) {
  json::object o;
  if (c.range.from) o["from"] = *c.range.from;
  if (c.range.to) o["to"] = *c.range.to;
  if (c.box) {
    o["box"] = json::array{c.box->min_latitude, c.box->max_latitude, c.box->min_longitude,
                           c.box->max_longitude};
  }
  o["places"] = Strings(c.places);
  o["keywords"] = Strings(c.keywords);
  o["kinds"] = Strings(c.kinds);
  return json::serialize(o);
}

std::optional<QueryContext> ContextFromJson(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  QueryContext c;
  for (auto [key, bound] : {std::pair{"from", &c.range.from}, std::pair{"to", &c.range.to}}) {
    if (const json::value* t = o.if_contains(key)) {
      if (!t->is_int64()) return std::nullopt;
      *bound = t->as_int64();
    }
  }
  if (const json::value* box = o.if_contains("box")) {
    if (!box->is_array() || box->as_array().size() != 4) return std::nullopt;
    double edges[4];
    for (size_t i = 0; i < 4; ++i) {
      const json::value& e = box->as_array()[i];
      if (!e.is_number()) return std::nullopt;
      edges[i] = e.to_number<double>();
    }
    c.box = SearchFilter::Box{edges[0], edges[1], edges[2], edges[3]};
  }
  for (auto [key, list] : {std::pair{"places", &c.places}, std::pair{"keywords", &c.keywords},
                           std::pair{"kinds", &c.kinds}}) {
    std::optional<std::vector<std::string>> strings = StringsOf(o.if_contains(key));
    if (!strings) return std::nullopt;
    *list = std::move(*strings);
  }
  return c;
}

std::optional<QueryContext> QuerySessions::Find(const std::string& user_id,
                                                const std::string& session_id, Micros now) const {
  std::optional<std::string> saved = store_.FindQuerySession(user_id, session_id, now);
  return saved ? ContextFromJson(*saved) : std::nullopt;
}

void QuerySessions::Save(const std::string& user_id, const std::string& session_id,
                         const QueryContext& context, Micros now) const {
  store_.SaveQuerySession(user_id, session_id, ContextToJson(context), now + kLifetime, now);
}

}  // namespace chronotrail
