// The JSON shapes of records in responses (docs/API.md), written straight to text. Times are UTC
// ISO-8601 with Z, coordinates JSON numbers, absent values null.
#pragma once

#include <string>

#include "core/json_writer.h"
#include "core/model.h"

namespace chronotrail::api {

void Write(JsonWriter& w, const User& user);
void Write(JsonWriter& w, const Visit& visit);
void Write(JsonWriter& w, const Note& note);
// A media record's metadata and what processing found (GET /media/{id}/info, lists).
void Write(JsonWriter& w, const Media& media);

// One record as a JSON document.
template <class T>
std::string Encode(const T& item) {
  JsonWriter w;
  Write(w, item);
  return w.Take();
}

// {items_key: [...], total, page, page_size}
template <class T>
std::string EncodePage(const PageOf<T>& page, const PageRequest& request, const char* items_key) {
  JsonWriter w(512 + 400 * page.items.size());
  w.BeginObject().Key(items_key).BeginArray();
  for (const T& item : page.items) Write(w, item);
  w.EndArray();
  w.Key("total").Int(page.total).Key("page").Int(request.page);
  w.Key("page_size").Int(request.page_size).EndObject();
  return w.Take();
}

}  // namespace chronotrail::api
