// Questions about one's timeline (nlp/question.h): "where did I have coffee last Tuesday?".
// Input: the question. The places known are a few of a user's own names (no gazetteer: loading
// the cities file would dwarf the parse); the result is printed as JSON, as the query route logs
// it.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "nlp/question.h"

namespace {

using namespace chronotrail::nlp;
using chronotrail::fuzz::Check;

const PlaceMatcher& KnownPlaces() {
  static const GazetteerPlaceMatcher matcher(
      nullptr, {"Blue Bottle Coffee", "Gym", "Café Lisboa", "St. Mary's Hospital", "Home"});
  return matcher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = chronotrail::fuzz::AsText(data, size);
  const TimeReference reference{1672920000, 60};  // 2023-01-05T13:00:00+01:00
  Question q = ParseQuestion(text, reference, &KnownPlaces());
  for (const PlaceMatch& place : q.place_matches) {
    Check(place.begin <= place.end && place.end <= text.size(), "a place span outside the text");
    Check(place.first_word <= place.last_word, "a reversed place word span");
  }
  Check(q.keywords.size() == q.stems.size(), "keywords and stems differ in number");
  (void)QuestionJson(q);
  return 0;
}
