// Vector search inside PostgreSQL (pgvector): the PostgreSQL store ranks a user's document vectors
// in SQL, exactly, per user and through the same filter as full-text search; without the extension
// it says it cannot, and the search service scans the vectors itself with the same outcome.
//
// pgvector runs on PGlite (PostgreSQL 18 in WebAssembly, served over the wire protocol: see
// support/pglite_server.h), where the whole store and its migrations run on one connection; the
// path without the extension runs on the real PostgreSQL 15 of the test cluster.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "ai/embedder.h"
#include "ai/vector_codec.h"
#include "core/ids.h"
#include "core/limits.h"
#include "services/search.h"
#include "storage/postgres/postgres_store.h"
#include "support/pglite_server.h"
#include "support/postgres_cluster.h"

namespace chronotrail {
namespace {

const UsageCharge kFree{"2024-01-01", UsageKind::kContent, kUnlimited};
constexpr Micros kDay = 86'400'000'000LL;
constexpr Micros kJan1 = 1704067200LL * 1'000'000;  // 2024-01-01T00:00:00Z
constexpr const char* kEmbedder = "test-32";
constexpr int kDims = 32;

using Vector = std::vector<float>;

std::string AddUser(RecordStore& store, const std::string& name) {
  User u;
  u.id = NewId();
  u.email = name + "@example.com";
  u.auth_issuer = "local";
  u.auth_subject = u.id;
  return store.FindOrCreateUser(u).id;
}

std::string AddNote(RecordStore& store, const std::string& user, const std::string& text,
                    Micros at) {
  Note n;
  n.id = NewId();
  n.user_id = user;
  n.text = text;
  n.timestamp = n.created_at = n.updated_at = at;
  EXPECT_TRUE(store.InsertNote(n, kFree).accepted);
  return n.id;
}

std::string AddVisit(RecordStore& store, const std::string& user, const std::string& name,
                     Micros at, std::optional<Coordinates> where) {
  Visit v;
  v.id = NewId();
  v.user_id = user;
  v.place.names = {name};
  v.place.coordinates = where;
  v.visit_time = v.created_at = v.updated_at = at;
  EXPECT_TRUE(store.InsertVisit(v, kFree).accepted);
  return v.id;
}

// Stores `vectors` (by record id) for the user's documents waiting for `embedder`, as the search
// service does after embedding them.
void StoreVectors(RecordStore& store, const std::string& user,
                  const std::map<std::string, Vector>& vectors,
                  const std::string& embedder = kEmbedder) {
  std::vector<std::pair<UnembeddedDoc, std::string>> rows;
  for (UnembeddedDoc& doc : store.UnembeddedDocs(embedder, user, 1000)) {
    auto it = vectors.find(doc.record_id);
    if (it == vectors.end()) continue;
    rows.emplace_back(std::move(doc), ai::EncodeVectorBlob(it->second));
  }
  ASSERT_EQ(rows.size(), vectors.size());
  store.SetDocVectors(embedder, rows);
}

Vector RandomUnitVector(std::mt19937& random, int dims = kDims) {
  std::normal_distribution<float> normal;
  Vector v(dims);
  double norm = 0;
  for (float& x : v) {
    x = normal(random);
    norm += double{x} * x;
  }
  for (float& x : v) x = static_cast<float>(x / std::sqrt(norm));
  return v;
}

// The cosine of `query` with `stored` as the store keeps it (int8 codes: what search measures).
double Cosine(const Vector& query, const Vector& stored) {
  Vector kept = ai::Dequantize(ai::Quantize(stored));
  double dot = 0, a = 0, b = 0;
  for (size_t i = 0; i < query.size(); ++i) {
    dot += double{query[i]} * kept[i];
    a += double{query[i]} * query[i];
    b += double{kept[i]} * kept[i];
  }
  return dot / std::sqrt(a * b);
}

// Brute force: the ids of `docs`, highest cosine with `query` first.
std::vector<std::string> CosineOrder(const Vector& query,
                                     const std::map<std::string, Vector>& docs) {
  std::vector<std::pair<double, std::string>> scored;
  for (const auto& [id, v] : docs) scored.emplace_back(Cosine(query, v), id);
  std::sort(scored.begin(), scored.end(), std::greater<>());
  for (size_t i = 1; i < scored.size(); ++i) {
    // Ranks are compared exactly, so the data must not hold near ties.
    EXPECT_GT(scored[i - 1].first - scored[i].first, 1e-4) << "near tie in the test data";
  }
  std::vector<std::string> ids;
  for (const auto& [score, id] : scored) ids.push_back(id);
  return ids;
}

std::vector<std::string> Ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> ids;
  for (const SearchHit& h : hits) ids.push_back(h.record_id);
  return ids;
}

// ---- pgvector on PGlite ----

class PgvectorSearchTest : public ::testing::Test {
 protected:
  // One server and one store for the suite; the store's pool has one connection, because PGlite
  // shares one session between connections (prepared statement names would collide).
  static void SetUpTestSuite() {
    server_ = std::make_unique<testing::PgliteServer>();
    store_ = std::make_unique<PostgresStore>(PostgresOptions{server_->url(), "", 1, 30000});
    store_->Migrate();
  }
  static void TearDownTestSuite() {
    store_.reset();
    server_.reset();
  }

  std::vector<std::string> Nearest(const std::string& user, const Vector& query,
                                   const SearchFilter& filter = {}, int limit = 100) {
    std::optional<std::vector<SearchHit>> hits =
        store_->NearestDocs(user, kEmbedder, query, filter, limit);
    EXPECT_TRUE(hits.has_value());
    return hits ? Ids(*hits) : std::vector<std::string>{};
  }

  static inline std::unique_ptr<testing::PgliteServer> server_;
  static inline std::unique_ptr<PostgresStore> store_;
  std::mt19937 random_{20241126};
};

TEST_F(PgvectorSearchTest, TheStoreSearchesVectorsWithPgvectorAndMigratesOnce) {
  std::optional<std::string> engine = store_->VectorSearchEngine();
  ASSERT_TRUE(engine.has_value());
  EXPECT_EQ(*engine, "pgvector 0.8.7");
  EXPECT_EQ(store_->Migrate(), 0);
  EXPECT_EQ(store_->VectorSearchEngine(), engine);
}

TEST_F(PgvectorSearchTest, NearestDocumentsComeInCosineOrder) {
  std::string ana = AddUser(*store_, "ana");
  std::map<std::string, Vector> docs;
  for (int i = 0; i < 20; ++i) {
    docs[AddNote(*store_, ana, "note " + std::to_string(i), kJan1 + i * kDay)] =
        RandomUnitVector(random_);
  }
  StoreVectors(*store_, ana, docs);
  Vector query = RandomUnitVector(random_);

  std::vector<std::string> expected = CosineOrder(query, docs);
  std::optional<std::vector<SearchHit>> hits = store_->NearestDocs(ana, kEmbedder, query, {}, 100);
  ASSERT_TRUE(hits.has_value());
  EXPECT_EQ(Ids(*hits), expected);
  for (const SearchHit& h : *hits) {
    EXPECT_NEAR(h.score, Cosine(query, docs[h.record_id]), 1e-5) << h.record_id;
    EXPECT_EQ(h.kind, "note");
  }
  // The limit keeps the nearest.
  expected.resize(5);
  EXPECT_EQ(Nearest(ana, query, {}, 5), expected);
}

TEST_F(PgvectorSearchTest, AnotherUsersVectorsAreNeverReturned) {
  std::string ana = AddUser(*store_, "ana");
  std::string bob = AddUser(*store_, "bob");
  Vector query = RandomUnitVector(random_);
  std::string anas = AddNote(*store_, ana, "ana's note", kJan1);
  std::string bobs = AddNote(*store_, bob, "bob's note", kJan1);
  StoreVectors(*store_, ana, {{anas, RandomUnitVector(random_)}});
  StoreVectors(*store_, bob, {{bobs, query}});  // the best match of all, but Bob's

  EXPECT_EQ(Nearest(ana, query), std::vector<std::string>{anas});
  EXPECT_EQ(Nearest(bob, query), std::vector<std::string>{bobs});
  EXPECT_TRUE(Nearest(AddUser(*store_, "cy"), query).empty());
}

TEST_F(PgvectorSearchTest, TheFilterLimitsTimeKindsAndPlace) {
  std::string ana = AddUser(*store_, "ana");
  const Coordinates lisbon{-9.14, 38.72};
  const Coordinates paris{2.35, 48.86};
  std::map<std::string, Vector> all, visits_in_range, in_lisbon;
  for (int day = 0; day < 10; ++day) {
    Micros at = kJan1 + day * kDay;
    std::string note = AddNote(*store_, ana, "note", at);
    std::string visit = AddVisit(*store_, ana, "cafe", at, day % 2 ? lisbon : paris);
    all[note] = RandomUnitVector(random_);
    all[visit] = RandomUnitVector(random_);
    if (day >= 2 && day <= 7) visits_in_range[visit] = all[visit];
    if (day % 2) in_lisbon[visit] = all[visit];
  }
  StoreVectors(*store_, ana, all);
  Vector query = RandomUnitVector(random_);

  SearchFilter f;
  f.range.from = kJan1 + 2 * kDay;
  f.range.to = kJan1 + 7 * kDay;
  f.kinds = {"visit"};
  EXPECT_EQ(Nearest(ana, query, f), CosineOrder(query, visits_in_range));

  SearchFilter box;
  box.box = SearchFilter::Box{38.5, 39.0, -9.5, -9.0};
  EXPECT_EQ(Nearest(ana, query, box), CosineOrder(query, in_lisbon));

  EXPECT_EQ(Nearest(ana, query), CosineOrder(query, all));
}

TEST_F(PgvectorSearchTest, VectorsOfAnotherEmbedderOrDimensionAreLeftOut) {
  std::string ana = AddUser(*store_, "ana");
  std::string ours = AddNote(*store_, ana, "ours", kJan1);
  std::string theirs = AddNote(*store_, ana, "another embedder", kJan1);
  std::string shorter = AddNote(*store_, ana, "fewer dimensions", kJan1);
  StoreVectors(
      *store_, ana,
      {{ours, RandomUnitVector(random_)}, {shorter, RandomUnitVector(random_, kDims / 2)}});
  StoreVectors(*store_, ana, {{theirs, RandomUnitVector(random_)}}, "another-32");

  EXPECT_EQ(Nearest(ana, RandomUnitVector(random_)), std::vector<std::string>{ours});
}

TEST_F(PgvectorSearchTest, ClearedOrOutdatedVectorsAreNotSearched) {
  std::string ana = AddUser(*store_, "ana");
  Note edited;
  edited.id = AddNote(*store_, ana, "first text", kJan1);
  std::string kept = AddNote(*store_, ana, "kept text", kJan1);
  StoreVectors(*store_, ana,
               {{edited.id, RandomUnitVector(random_)}, {kept, RandomUnitVector(random_)}});
  Vector query = RandomUnitVector(random_);
  ASSERT_EQ(Nearest(ana, query).size(), 2u);

  // An edit of the text drops its vector from the search until it is embedded again.
  edited.user_id = ana;
  edited.text = "second text";
  edited.timestamp = edited.created_at = edited.updated_at = kJan1;
  ASSERT_TRUE(store_->UpdateNote(edited));
  EXPECT_EQ(Nearest(ana, query), std::vector<std::string>{kept});

  // A new embedder: every vector goes, the vector search finds nothing until they are back.
  store_->ClearDocVectors();
  EXPECT_TRUE(Nearest(ana, query).empty());
  Vector again = RandomUnitVector(random_);
  StoreVectors(*store_, ana, {{kept, again}, {edited.id, RandomUnitVector(random_)}});
  EXPECT_EQ(Nearest(ana, again, {}, 1), std::vector<std::string>{kept});
}

// ---- the search service over both: in the database, or scanning in the server ----

// Vectors from word counts over a small vocabulary (plus a constant, so that no text is the zero
// vector): texts sharing more words are nearer.
class WordCountEmbedder : public ai::Embedder {
 public:
  std::string Id() const override { return "test-words"; }
  int Dimensions() const override { return static_cast<int>(kWords.size()) + 1; }
  std::vector<Vector> Embed(const std::vector<std::string>& texts) const override {
    std::vector<Vector> out;
    for (const std::string& text : texts) {
      Vector v(kWords.size() + 1, 0.0f);
      v.back() = 0.1f;
      for (size_t i = 0; i < kWords.size(); ++i) {
        if (text.find(kWords[i]) != std::string::npos) v[i] = 1;
      }
      double norm = 0;
      for (float x : v) norm += double{x} * x;
      for (float& x : v) x = static_cast<float>(x / std::sqrt(norm));
      out.push_back(std::move(v));
    }
    return out;
  }

 private:
  static inline const std::vector<std::string> kWords = {"coffee", "tea", "gym", "beach"};
};

// The texts of the user's notes in the order a question about coffee ranks them.
std::vector<std::string> RankNotesAboutCoffee(RecordStore& store) {
  std::string ana = AddUser(store, "ana");
  std::string bob = AddUser(store, "bob");
  std::map<std::string, std::string> text_of;
  for (const char* text :
       {"beach walk", "coffee, tea and the gym", "coffee with Eva", "coffee then tea"}) {
    text_of[AddNote(store, ana, text, kJan1)] = text;
  }
  AddNote(store, bob, "coffee", kJan1);  // Bob's best match is never Ana's result
  WordCountEmbedder embedder;
  SearchService search(store, &embedder);
  SearchRequest request;
  request.meaning = "coffee";
  std::vector<std::string> texts;
  for (const RankedDoc& d : search.Search(ana, request)) {
    EXPECT_TRUE(text_of.count(d.record_id)) << d.record_id;
    texts.push_back(text_of[d.record_id]);
  }
  return texts;
}

const std::vector<std::string> kCoffeeOrder = {"coffee with Eva", "coffee then tea",
                                               "coffee, tea and the gym", "beach walk"};

TEST_F(PgvectorSearchTest, TheSearchServiceRanksByMeaningInTheDatabase) {
  EXPECT_EQ(RankNotesAboutCoffee(*store_), kCoffeeOrder);
}

// ---- PostgreSQL without pgvector (Debian's PostgreSQL 15) ----

TEST(PostgresWithoutPgvector, TheStoreHasNoVectorSearchOfItsOwn) {
  testing::TestDatabase db;
  PostgresStore store({db.url(), "", 2, 5000});
  store.Migrate();  // migration 7 changes nothing here
  EXPECT_EQ(store.VectorSearchEngine(), std::nullopt);
  std::string ana = AddUser(store, "ana");
  std::string note = AddNote(store, ana, "a note", kJan1);
  std::mt19937 random(7);
  Vector v = RandomUnitVector(random);
  StoreVectors(store, ana, {{note, v}});
  EXPECT_EQ(store.NearestDocs(ana, kEmbedder, v, {}, 10), std::nullopt);
  // The vectors are there for the server to scan.
  std::vector<DocVector> vectors = store.DocVectors(ana, kEmbedder);
  ASSERT_EQ(vectors.size(), 1u);
  EXPECT_EQ(vectors[0].vector, ai::EncodeVectorBlob(v));
}

TEST(PostgresWithoutPgvector, TheSearchServiceScansVectorsInTheServerInstead) {
  testing::TestDatabase db;
  PostgresStore store({db.url(), "", 2, 5000});
  store.Migrate();
  EXPECT_EQ(RankNotesAboutCoffee(store), kCoffeeOrder);
}

}  // namespace
}  // namespace chronotrail
