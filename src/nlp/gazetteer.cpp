#include "nlp/gazetteer.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>
#include <stdexcept>

#include "nlp/text_fold.h"

namespace chronotrail::nlp {
namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kKmPerDegree = 111.195;  // along a meridian
constexpr int kLatCells = 180, kLonCells = 360;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("gazetteer: cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

// The little of the protobuf wire format that cities.pbf uses: a sequence of length-delimited
// messages whose fields are varints (wire type 0) and strings (wire type 2).
class PbfReader {
 public:
  PbfReader(std::string_view data, const std::string& path) : data_(data), path_(path) {}

  bool Done() const { return pos_ >= data_.size(); }
  size_t pos() const { return pos_; }

  std::uint64_t Varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) Fail("truncated varint");
      auto b = static_cast<unsigned char>(data_[pos_++]);
      value |= std::uint64_t(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
    }
    Fail("varint longer than 10 bytes");
  }
  std::int64_t SVarint() {  // zig-zag
    std::uint64_t v = Varint();
    return std::int64_t(v >> 1) ^ -std::int64_t(v & 1);
  }
  std::string_view Bytes() {
    std::uint64_t n = Varint();
    if (n > data_.size() - pos_) Fail("string runs past the end");
    std::string_view s = data_.substr(pos_, size_t(n));
    pos_ += size_t(n);
    return s;
  }
  void Skip(int wire_type) {
    switch (wire_type) {
      case 0:
        Varint();
        return;
      case 1:
        Advance(8);
        return;
      case 2:
        Bytes();
        return;
      case 5:
        Advance(4);
        return;
      default:
        Fail("unknown wire type " + std::to_string(wire_type));
    }
  }
  [[noreturn]] void Fail(const std::string& what) const {
    throw std::runtime_error("gazetteer: " + path_ + " is not a cities.pbf (" + what + " at byte " +
                             std::to_string(pos_) + ")");
  }

 private:
  void Advance(size_t n) {
    if (n > data_.size() - pos_) Fail("field runs past the end");
    pos_ += n;
  }

  std::string_view data_;
  const std::string& path_;
  size_t pos_ = 0;
};

// Coordinates are stored in 1e-5 degrees, each as the difference from the previous city's.
std::vector<City> ReadCities(const std::string& path) {
  std::string bytes = ReadFile(path);
  PbfReader file(bytes, path);
  std::vector<City> cities;
  cities.reserve(bytes.size() / 40);
  std::int64_t lat = 0, lon = 0;
  while (!file.Done()) {
    PbfReader message(file.Bytes(), path);
    City c;
    while (!message.Done()) {
      std::uint64_t key = message.Varint();
      int field = int(key >> 3), wire = int(key & 7);
      if (field == 2 && wire == 2) {
        c.name = message.Bytes();
      } else if (field == 3 && wire == 2) {
        c.country_code = message.Bytes();
      } else if (field == 7 && wire == 2) {
        c.feature_code = message.Bytes();
      } else if (field == 8 && wire == 2) {
        c.admin_code = message.Bytes();
      } else if (field == 9 && wire == 0) {
        c.population = std::int64_t(message.Varint());
      } else if (field == 10 && wire == 0) {
        lon += message.SVarint();
      } else if (field == 11 && wire == 0) {
        lat += message.SVarint();
      } else {
        message.Skip(wire);
      }
    }
    c.latitude = double(lat) / 1e5;
    c.longitude = double(lon) / 1e5;
    if (c.name.empty() || c.latitude < -90 || c.latitude > 90 || c.longitude < -180 ||
        c.longitude > 180) {
      file.Fail("a city without a name or with bad coordinates");
    }
    cities.push_back(std::move(c));
  }
  if (cities.empty()) throw std::runtime_error("gazetteer: " + path + " holds no cities");
  return cities;
}

std::string StringField(const boost::json::object& o, const char* key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct CountryNames {
  Country country;
  std::vector<std::string> names;  // every name it is known by, as written
};

std::vector<CountryNames> ReadCountries(const std::string& path) {
  std::string text = ReadFile(path);
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text, ec);
  const boost::json::value* list = nullptr;
  if (!ec && doc.is_object()) list = doc.as_object().if_contains("3166-1");
  if (!list || !list->is_array()) {
    throw std::runtime_error("gazetteer: " + path + " is not an iso_3166-1.json");
  }
  std::vector<CountryNames> out;
  for (const boost::json::value& v : list->as_array()) {
    if (!v.is_object()) continue;
    const boost::json::object& o = v.as_object();
    CountryNames c;
    c.country.code = StringField(o, "alpha_2");
    c.country.alpha3 = StringField(o, "alpha_3");
    std::string iso_name = StringField(o, "name");
    std::string common = StringField(o, "common_name");
    c.country.name = common.empty() ? iso_name : common;
    if (c.country.code.size() != 2 || c.country.name.empty()) continue;
    for (std::string n : {iso_name, common, StringField(o, "official_name")}) {
      if (!n.empty()) c.names.push_back(std::move(n));
    }
    out.push_back(std::move(c));
  }
  if (out.empty()) throw std::runtime_error("gazetteer: " + path + " lists no countries");
  return out;
}

// Names people use that ISO 3166 does not list.
struct Alias {
  std::string_view name, code;
};
constexpr Alias kAliases[] = {
    {"uk", "GB"},
    {"britain", "GB"},
    {"great britain", "GB"},
    {"england", "GB"},
    {"scotland", "GB"},
    {"wales", "GB"},
    {"northern ireland", "GB"},
    {"usa", "US"},
    {"us", "US"},
    {"america", "US"},
    {"united states of america", "US"},
    {"the us", "US"},
    {"uae", "AE"},
    {"emirates", "AE"},
    {"russia", "RU"},
    {"holland", "NL"},
    {"the netherlands", "NL"},
    {"czech republic", "CZ"},
    {"korea", "KR"},
    {"vatican", "VA"},
    {"ivory coast", "CI"},
    {"burma", "MM"},
    {"macau", "MO"},
    {"cape verde", "CV"},
    {"turkey", "TR"},
    {"swaziland", "SZ"},
    {"east timor", "TL"},
    {"palestine", "PS"},
    {"micronesia", "FM"},
    {"the philippines", "PH"},
};

int CellOf(double latitude, double longitude) {
  int row = std::clamp(int(std::floor(latitude + 90)), 0, kLatCells - 1);
  int col = int(std::floor(longitude + 180)) % kLonCells;
  if (col < 0) col += kLonCells;
  return row * kLonCells + col;
}

// The smallest longitude interval holding all of `lons` (sorted in place): the complement of
// the widest gap between neighbours, the gap across the antimeridian included.
std::pair<double, double> LongitudeSpan(std::vector<double>& lons) {
  std::sort(lons.begin(), lons.end());
  double widest = lons.front() + 360 - lons.back();
  size_t after = 0;  // the span starts at lons[after]
  for (size_t i = 1; i < lons.size(); ++i) {
    if (lons[i] - lons[i - 1] > widest) {
      widest = lons[i] - lons[i - 1];
      after = i;
    }
  }
  return {lons[after], lons[after == 0 ? lons.size() - 1 : after - 1]};
}

}  // namespace

std::unique_ptr<Gazetteer> Gazetteer::Load(const std::string& cities_pbf,
                                           const std::string& iso3166_json) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->cities_ = ReadCities(cities_pbf);
  std::vector<CountryNames> countries = ReadCountries(iso3166_json);
  for (CountryNames& c : countries) {
    auto index = std::uint32_t(g->countries_.size());
    for (const std::string& n : c.names) g->country_by_name_.emplace(Fold(n), index);
    g->country_by_name_.emplace(Fold(c.country.code), index);
    if (!c.country.alpha3.empty()) g->country_by_name_.emplace(Fold(c.country.alpha3), index);
    g->countries_.push_back(std::move(c.country));
  }
  for (const Alias& a : kAliases) {
    auto it = g->country_by_name_.find(Fold(a.code));
    if (it != g->country_by_name_.end()) g->country_by_name_.emplace(a.name, it->second);
  }
  g->BuildIndexes();
  return g;
}

void Gazetteer::BuildIndexes() {
  // Most populous first everywhere: order the cities themselves once (by index: moving whole
  // City objects around in a sort costs more than the rest of the load).
  std::vector<std::uint32_t> order(cities_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = std::uint32_t(i);
  std::stable_sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
    return cities_[a].population > cities_[b].population;
  });
  std::vector<City> sorted;
  sorted.reserve(cities_.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(cities_[i]));
  cities_ = std::move(sorted);
  std::unordered_map<std::string, std::uint32_t> country_index;
  for (size_t i = 0; i < countries_.size(); ++i) country_index[countries_[i].code] = i;
  std::vector<std::vector<double>> lons(countries_.size());
  std::vector<std::uint32_t> cell_count(kLatCells * kLonCells + 1, 0);
  by_name_.reserve(cities_.size());
  for (size_t i = 0; i < cities_.size(); ++i) {
    City& c = cities_[i];
    std::string key = Fold(c.name);
    // "City of Westminster" is asked about as "Westminster".
    if (key.rfind("city of ", 0) == 0) by_name_[key.substr(8)].push_back(std::uint32_t(i));
    by_name_[std::move(key)].push_back(std::uint32_t(i));
    ++cell_count[CellOf(c.latitude, c.longitude)];
    auto it = country_index.find(c.country_code);
    if (it == country_index.end()) {
      c.country = c.country_code;
      continue;
    }
    Country& country = countries_[it->second];
    c.country = country.name;
    country.cities.push_back(&c);
    if (!country.has_box) {
      country.has_box = true;
      country.min_latitude = country.max_latitude = c.latitude;
    }
    country.min_latitude = std::min(country.min_latitude, c.latitude);
    country.max_latitude = std::max(country.max_latitude, c.latitude);
    lons[it->second].push_back(c.longitude);
  }
  for (size_t i = 0; i < countries_.size(); ++i) {
    if (lons[i].empty()) continue;
    std::tie(countries_[i].min_longitude, countries_[i].max_longitude) = LongitudeSpan(lons[i]);
  }
  cell_start_.assign(cell_count.size(), 0);
  for (size_t c = 1; c < cell_count.size(); ++c) {
    cell_start_[c] = cell_start_[c - 1] + cell_count[c - 1];
  }
  cell_items_.assign(cities_.size(), 0);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (size_t i = 0; i < cities_.size(); ++i) {
    cell_items_[fill[CellOf(cities_[i].latitude, cities_[i].longitude)]++] = std::uint32_t(i);
  }
}

// Calls visit(city, km) for every city within max_km: the cells of the point's lat/lon box.
template <typename Visit>
void Gazetteer::ForEachNear(double latitude, double longitude, double max_km, Visit&& visit) const {
  double dlat = max_km / kKmPerDegree;
  double lat_lo = std::max(-90.0, latitude - dlat), lat_hi = std::min(90.0, latitude + dlat);
  double cos_lat = std::cos(std::max(std::abs(lat_lo), std::abs(lat_hi)) * std::numbers::pi / 180);
  double dlon = cos_lat < 1e-6 ? 180 : std::min(180.0, max_km / (kKmPerDegree * cos_lat));
  int row_lo = std::clamp(int(std::floor(lat_lo + 90)), 0, kLatCells - 1);
  int row_hi = std::clamp(int(std::floor(lat_hi + 90)), 0, kLatCells - 1);
  int col_lo = int(std::floor(longitude - dlon + 180));
  int col_hi = int(std::floor(longitude + dlon + 180));
  if (col_hi - col_lo >= kLonCells) col_hi = col_lo + kLonCells - 1;
  for (int row = row_lo; row <= row_hi; ++row) {
    for (int col = col_lo; col <= col_hi; ++col) {
      int cell = row * kLonCells + ((col % kLonCells) + kLonCells) % kLonCells;
      for (std::uint32_t k = cell_start_[cell]; k < cell_start_[cell + 1]; ++k) {
        const City& c = cities_[cell_items_[k]];
        double km = DistanceKm(latitude, longitude, c.latitude, c.longitude);
        if (km <= max_km) visit(c, km);
      }
    }
  }
}

const City* Gazetteer::Nearest(double latitude, double longitude, double max_km) const {
  const City* best = nullptr;
  double best_km = std::numeric_limits<double>::infinity();
  ForEachNear(latitude, longitude, max_km, [&](const City& c, double km) {
    if (km < best_km) {
      best_km = km;
      best = &c;
    }
  });
  return best;
}

const City* Gazetteer::Locate(double latitude, double longitude, double max_km) const {
  const City* best = nullptr;
  double best_score = std::numeric_limits<double>::infinity();
  ForEachNear(latitude, longitude, max_km, [&](const City& c, double km) {
    // A city's own sections (PPLX) are not what people name as where they are.
    if (c.feature_code == "PPLX") return;
    double score = km / RadiusKm(c);
    if (score < best_score) {
      best_score = score;
      best = &c;
    }
  });
  return best ? best : Nearest(latitude, longitude, max_km);
}

std::vector<const City*> Gazetteer::FindByName(std::string_view name) const {
  std::string key = Fold(name);
  auto it = by_name_.find(key);
  if (it == by_name_.end()) it = by_name_.find(key + " city");
  std::vector<const City*> out;
  if (it == by_name_.end()) return out;
  out.reserve(it->second.size());
  for (std::uint32_t i : it->second) out.push_back(&cities_[i]);
  return out;
}

const Country* Gazetteer::FindCountry(std::string_view name_or_code) const {
  auto it = country_by_name_.find(Fold(name_or_code));
  return it == country_by_name_.end() ? nullptr : &countries_[it->second];
}

const Country* Gazetteer::CountryByCode(std::string_view alpha2) const {
  if (alpha2.size() != 2) return nullptr;
  const Country* c = FindCountry(alpha2);
  return c && c->code.size() == 2 && Fold(c->code) == Fold(alpha2) ? c : nullptr;
}

const Country* Gazetteer::CountryAt(double latitude, double longitude, double max_km) const {
  const City* c = Nearest(latitude, longitude, max_km);
  return c ? CountryByCode(c->country_code) : nullptr;
}

std::string CityLabel(const City& city) {
  return city.country.empty() ? city.name : city.name + ", " + city.country;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = std::numbers::pi / 180;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double RadiusKm(const City& city) {
  return std::min(50.0, 2.0 + std::sqrt(double(std::max<std::int64_t>(0, city.population))) / 70);
}

}  // namespace chronotrail::nlp
