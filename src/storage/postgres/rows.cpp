#include "storage/postgres/rows.h"

#include "storage/names_json.h"

namespace chronotrail::pg {

void AddPlace(Params& p, const Place& place) {
  if (place.coordinates) {
    p.Add(place.coordinates->longitude).Add(place.coordinates->latitude);
  } else {
    p.AddNull().AddNull();
  }
  p.Add(place.address).Add(EncodeNames(place.names));
}

Place ReadPlace(const Result& r, int row, int first) {
  Place place;
  if (!r.IsNull(row, first) && !r.IsNull(row, first + 1)) {
    place.coordinates = Coordinates{r.Real(row, first), r.Real(row, first + 1)};
  }
  place.address = r.OptText(row, first + 2);
  place.names = DecodeNames(r.Text(row, first + 3));
  return place;
}

Params ChargeParams(const std::string& user_id, const UsageCharge& charge) {
  Params p;
  p.Add(user_id).Add(charge.day).Add(static_cast<std::int64_t>(charge.kind)).Add(charge.limit);
  return p;
}

std::int64_t CounterValue(Connection& conn, const std::string& user_id, const UsageCharge& charge) {
  Params p;
  p.Add(user_id).Add(charge.day).Add(static_cast<std::int64_t>(charge.kind));
  Result r = conn.Query(
      "SELECT CASE $3::int WHEN 0 THEN content_count WHEN 1 THEN query_count ELSE visit_count END "
      "FROM daily_usage WHERE user_id = $1 AND day = $2::date",
      p);
  return r.rows() > 0 ? r.Int(0, 0) : 0;
}

}  // namespace chronotrail::pg
