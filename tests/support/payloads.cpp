#include "support/payloads.h"

#include <stdexcept>

#include "support/api_assertions.h"

namespace chronotrail::testing {

boost::json::object ValidVisit() {
  return {{"visit_time", "2024-03-12T09:14:00Z"},
          {"longitude", -9.1393},
          {"latitude", 38.7223},
          {"names", boost::json::array{"Praça do Comércio"}}};
}

boost::json::object ValidNote() {
  return {{"text_content", "Lunch by the river"}, {"timestamp", "2024-03-12T12:30:00Z"}};
}

boost::json::object CreateRecord(ApiClient& client, std::string_view collection,
                                 const boost::json::object& body) {
  HttpResponse response = client.post(collection, body);
  if (response.status != 201) {
    throw std::runtime_error("creating in " + std::string(collection) +
                             " failed: " + Describe(response));
  }
  return response.json().as_object();
}

}  // namespace chronotrail::testing
