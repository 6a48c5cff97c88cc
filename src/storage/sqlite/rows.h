// Column groups and statements that several tables of the SQLite store share: a place (four
// columns) and the charge of a daily usage counter made inside a write's transaction.
#pragma once

#include <string>

#include "core/model.h"
#include "storage/record_store.h"
#include "storage/sqlite/connection.h"

namespace chronotrail::sqlite {

// Binds a place as four parameters starting at `first`: longitude, latitude, address, names.
void BindPlace(Cursor& q, int first, const Place& place);
// Reads the four columns BindPlace binds, starting at column `first`.
Place ReadPlace(const Cursor& q, int first);

// Adds one to the counter `charge` names if it stays within the limit. Runs inside the write's
// savepoint, so a refused or failed write leaves the counter as it was.
ChargeResult Charge(Connection& conn, const std::string& user_id, const UsageCharge& charge);

}  // namespace chronotrail::sqlite
