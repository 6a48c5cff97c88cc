// Column groups and statements that several tables of the PostgreSQL store share: a place (four
// columns) and the charge of a daily usage counter made in the same statement as a write.
#pragma once

#include <string>

#include "core/model.h"
#include "storage/postgres/connection.h"
#include "storage/record_store.h"

namespace chronotrail::pg {

// Adds a place as four parameters: longitude, latitude, address, names (JSON text, for ct_names).
void AddPlace(Params& p, const Place& place);
// Reads the four columns AddPlace binds (names as array_to_json(names)::text) from `first` on.
Place ReadPlace(const Result& r, int row, int first);

// A charged insert is one statement: the CTE `charge` adds one to the counter the charge names if
// it stays within the limit ($1 user, $2 day, $3 kind, $4 limit, -1 for none), and the record's
// INSERT ... SELECT ... FROM charge writes the record ($5 on) only when the charge returned a row.
// When two instances race on one counter, the second waits for the first to commit and re-checks
// the WHERE against the row the first committed (READ COMMITTED), so the limit holds exactly.
// The WHERE guards only the update: a counter not yet created is created at 1 whatever the limit,
// so a limit of 0 must be refused before the statement runs (ChargeAllowsAny).
#define CT_CHARGE_CTE                                                                           \
  "WITH charge AS (INSERT INTO daily_usage AS d (user_id, day, content_count, query_count, "    \
  "visit_count) VALUES ($1, $2::date, ($3::int = 0)::int, ($3::int = 1)::int, "                 \
  "($3::int = 2)::int) ON CONFLICT (user_id, day) DO UPDATE SET "                               \
  "content_count = d.content_count + ($3::int = 0)::int, "                                      \
  "query_count = d.query_count + ($3::int = 1)::int, "                                          \
  "visit_count = d.visit_count + ($3::int = 2)::int "                                           \
  "WHERE $4::bigint < 0 OR CASE $3::int WHEN 0 THEN d.content_count WHEN 1 THEN d.query_count " \
  "ELSE d.visit_count END < $4::bigint "                                                        \
  "RETURNING CASE $3::int WHEN 0 THEN content_count WHEN 1 THEN query_count ELSE visit_count "  \
  "END AS used) "

// The parameters $1-$4 of CT_CHARGE_CTE; the record's follow.
Params ChargeParams(const std::string& user_id, const UsageCharge& charge);
// False when the charge's limit is 0: nothing may be written, not even a first record of the day.
inline bool ChargeAllowsAny(const UsageCharge& charge) {
  return charge.limit != 0;
}
// The counter `charge` names as it stands (0 when the day has none): what a refusal reports.
std::int64_t CounterValue(Connection& conn, const std::string& user_id, const UsageCharge& charge);

}  // namespace chronotrail::pg
