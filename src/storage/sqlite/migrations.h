// The SQLite schema, as an ordered list of migrations compiled into the binary.
#pragma once

#include <vector>

namespace chronotrail::sqlite {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Every migration, oldest first. Versions are consecutive from 1; a released migration is never
// edited, only followed by a new one.
const std::vector<Migration>& Migrations();

}  // namespace chronotrail::sqlite
