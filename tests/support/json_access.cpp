#include "support/json_access.h"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <stdexcept>

namespace chronotrail::testing {
namespace {

const boost::json::value* Find(const boost::json::value& document, std::string_view path) {
  const boost::json::value* current = &document;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (const boost::json::object* object = current->if_object()) {
      current = object->if_contains(step);
    } else if (const boost::json::array* array = current->if_array()) {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
      if (ec != std::errc() || end != step.data() + step.size() || index >= array->size()) {
        return nullptr;
      }
      current = &(*array)[index];
    } else {
      return nullptr;
    }
    if (current == nullptr) return nullptr;
  }
  return current;
}

}  // namespace

const boost::json::value& At(const boost::json::value& document, std::string_view path) {
  const boost::json::value* found = Find(document, path);
  if (found == nullptr) {
    throw std::runtime_error("no '" + std::string(path) + "' in " + serialize(document));
  }
  return *found;
}

boost::json::value At(boost::json::value&& document, std::string_view path) {
  return At(static_cast<const boost::json::value&>(document), path);
}

bool Has(const boost::json::value& document, std::string_view path) {
  return Find(document, path) != nullptr;
}

std::string StringAt(const boost::json::value& document, std::string_view path) {
  const boost::json::value& value = At(document, path);
  if (!value.is_string()) {
    throw std::runtime_error("'" + std::string(path) + "' is not a string in " +
                             serialize(document));
  }
  return std::string(value.get_string());
}

}  // namespace chronotrail::testing
