// Internal to question.cpp: where in a question places are, by position and by name.
//
// A place starts after a cue: "at", "in", "near", "around", "from", "inside", "outside",
// "visit(ed)", "to"/"into" after a word of motion ("went to", "trip to", "been to"), and "of" after
// a photo word ("pictures of Tokyo", names only). There the PlaceMatcher is asked for a name
// (user's place, city, country); failing that, the words up to the next function word make a
// place phrase ("at the gym", "from the station"), with a few idioms refused ("in total",
// "at least", "in the end"). Without a cue only unmistakable names count: a user's multi-word
// place name, or "City, Country".
#pragma once

#include <string_view>
#include <vector>

#include "nlp/place_matcher.h"
#include "nlp/words.h"

namespace chronotrail::nlp {

// `skip[i]` marks words that cannot be part of a place (the time expression's). Matches come in
// question order and do not overlap.
std::vector<PlaceMatch> FindPlaces(std::string_view text, const std::vector<Word>& words,
                                   const std::vector<bool>& skip, const PlaceMatcher* matcher);

}  // namespace chronotrail::nlp
