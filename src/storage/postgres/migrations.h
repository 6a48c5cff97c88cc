// The PostgreSQL schema, as numbered migrations: the same tables and versions as the SQLite
// schema (storage/sqlite/migrations.cpp), in PostgreSQL's own types (timestamptz, text[], date).
// Applied in order by PostgresStore::Migrate under an advisory lock, each in its own transaction.
#pragma once

#include "storage/sqlite/migrations.h"

namespace chronotrail::pg {

using sqlite::Migration;

const std::vector<Migration>& Migrations();

}  // namespace chronotrail::pg
