// The JSON shapes of records in responses (docs/API.md). Times are UTC ISO-8601 with Z,
// coordinates JSON numbers, absent values null.
#pragma once

#include <boost/json/object.hpp>

#include "core/model.h"

namespace chronotrail::api {

boost::json::object Encode(const User& user);
boost::json::object Encode(const Visit& visit);
boost::json::object Encode(const Note& note);

// {items_key: [...], total, page, page_size}
template <class T>
boost::json::object EncodePage(const PageOf<T>& page, const PageRequest& request,
                               const char* items_key) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const T& item : page.items) items.push_back(Encode(item));
  return {{items_key, std::move(items)},
          {"total", page.total},
          {"page", request.page},
          {"page_size", request.page_size}};
}

}  // namespace chronotrail::api
