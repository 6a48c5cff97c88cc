#include "storage/sqlite/rows.h"

#include "storage/names_json.h"

namespace chronotrail::sqlite {

void BindPlace(Cursor& q, int first, const Place& place) {
  if (place.coordinates) {
    q.Bind(first, place.coordinates->longitude).Bind(first + 1, place.coordinates->latitude);
  } else {
    q.BindNull(first).BindNull(first + 1);
  }
  q.Bind(first + 2, place.address).Bind(first + 3, EncodeNames(place.names));
}

Place ReadPlace(const Cursor& q, int first) {
  Place place;
  if (!q.IsNull(first) && !q.IsNull(first + 1)) {
    place.coordinates = Coordinates{q.Real(first), q.Real(first + 1)};
  }
  place.address = q.OptText(first + 2);
  place.names = DecodeNames(q.Text(first + 3));
  return place;
}

ChargeResult Charge(Connection& conn, const std::string& user_id, const UsageCharge& charge) {
  {
    Cursor q =
        conn.Query("INSERT INTO daily_usage (user_id, day) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    q.Bind(1, user_id).Bind(2, charge.day).Run();
  }
  const auto kind = static_cast<std::int64_t>(charge.kind);
  {
    Cursor q = conn.Query(
        "UPDATE daily_usage SET content_count = content_count + (?3 = 0), "
        "query_count = query_count + (?3 = 1), visit_count = visit_count + (?3 = 2) "
        "WHERE user_id = ?1 AND day = ?2 AND (?4 < 0 OR "
        "CASE ?3 WHEN 0 THEN content_count WHEN 1 THEN query_count ELSE visit_count END < ?4) "
        "RETURNING CASE ?3 WHEN 0 THEN content_count WHEN 1 THEN query_count ELSE visit_count END");
    q.Bind(1, user_id).Bind(2, charge.day).Bind(3, kind).Bind(4, charge.limit);
    if (q.Step()) {
      ChargeResult accepted{true, q.Int(0)};
      q.Run();  // finish the statement before the next one
      return accepted;
    }
  }
  Cursor q = conn.Query(
      "SELECT CASE ?3 WHEN 0 THEN content_count WHEN 1 THEN query_count ELSE visit_count END "
      "FROM daily_usage WHERE user_id = ?1 AND day = ?2");
  q.Bind(1, user_id).Bind(2, charge.day).Bind(3, kind);
  return {false, q.Step() ? q.Int(0) : 0};
}

}  // namespace chronotrail::sqlite
