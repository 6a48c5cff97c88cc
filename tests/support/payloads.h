#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "support/api_client.h"

namespace chronotrail::testing {

// Bodies that pass every rule of API.md, so that a test can break exactly one thing.
boost::json::object ValidVisit();
boost::json::object ValidNote();

// POSTs `body` to `collection` ("/api/v1/notes") and returns the created record; throws when the
// answer is not 201, for tests whose subject is not the creation itself.
boost::json::object CreateRecord(ApiClient& client, std::string_view collection,
                                 const boost::json::object& body);

}  // namespace chronotrail::testing
