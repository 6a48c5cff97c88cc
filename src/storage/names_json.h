// The place names of a record as JSON text (["Blue Bottle","Café"]): how SQLite stores them, and
// how PostgreSQL's text[] column travels to and from the server.
#pragma once

#include <string>
#include <vector>

namespace chronotrail {

std::string EncodeNames(const std::vector<std::string>& names);
// Anything but a JSON array of strings reads as no names.
std::vector<std::string> DecodeNames(const std::string& json);

}  // namespace chronotrail
