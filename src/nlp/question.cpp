#include "nlp/question.h"

#include <algorithm>
#include <initializer_list>

#include "nlp/question_places.h"
#include "nlp/time_in_text.h"
#include "nlp/time_lexicon.h"
#include "nlp/words.h"

namespace chronotrail::nlp {
namespace {

bool OneOf(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool IsAuxiliary(std::string_view w) {
  return OneOf(w, {"did",   "do",   "does", "have",  "has",  "had",   "was",    "were", "am",
                   "is",    "are",  "can",  "could", "will", "would", "didn",   "don",  "doesn",
                   "haven", "hasn", "wasn", "weren", "isn",  "aren",  "should", "shall"});
}

bool IsDurationUnit(std::string_view w) {
  return OneOf(w, {"hours", "hour", "minutes", "minute", "days", "day", "weeks", "week", "months",
                   "month", "years", "year", "nights", "night", "mins", "hrs"});
}

// The question's words that the reading looks at: folded, outside the time expression, no
// punctuation. `at[k]` is the index of f[k] in the full word list.
struct Core {
  std::vector<std::string> f;
  std::vector<size_t> at;
  bool Has(std::string_view w) const { return std::find(f.begin(), f.end(), w) != f.end(); }
  bool HasSeq(std::initializer_list<std::string_view> seq) const {
    for (size_t i = 0; i + seq.size() <= f.size(); ++i) {
      if (std::equal(seq.begin(), seq.end(), f.begin() + long(i))) return true;
    }
    return false;
  }
  std::string_view Get(size_t k) const { return k < f.size() ? std::string_view(f[k]) : ""; }
};

// Leading words that only make the question polite: "can you tell me", "please", "remind me".
size_t SkipFillers(const Core& c) {
  size_t p = 0;
  for (bool again = true; again;) {
    again = false;
    auto w = c.Get(p);
    if (OneOf(w, {"please", "hey", "ok", "okay", "so", "and", "um", "uh", "well", "now"})) {
      ++p, again = true;
    } else if (OneOf(w, {"can", "could", "would", "will"}) && c.Get(p + 1) == "you" &&
               OneOf(c.Get(p + 2),
                     {"tell", "remind", "show", "find", "list", "give", "check", "let"})) {
      p += 2, again = true;
    } else if (OneOf(w, {"tell", "remind"}) && c.Get(p + 1) == "me") {
      p += 2, again = true;
    } else if (w == "let" && c.Get(p + 1) == "me" && c.Get(p + 2) == "know") {
      p += 3, again = true;
    } else if (w == "do" && c.Get(p + 1) == "you" && c.Get(p + 2) == "know") {
      p += 3, again = true;
    } else if (w == "i" && OneOf(c.Get(p + 1), {"want", "wonder", "need", "d"})) {
      size_t q = p + 2;
      if (c.Get(q) == "like") ++q;
      if (c.Get(q) == "to" && c.Get(q + 1) == "know") q += 2;
      p = q, again = true;
    }
  }
  // "in which year", "with whom", "on what day": a preposition before the question word.
  if (OneOf(c.Get(p), {"in", "on", "at", "during", "for", "with", "from", "to", "since"}) &&
      OneOf(c.Get(p + 1), {"which", "what", "whom", "who", "where", "when", "how"})) {
    ++p;
  }
  return p;
}

Intent WhenIntent(const Core& c, size_t p) {
  // "first"/"last" not eaten by the time expression: "when did I first...", "the last time".
  for (size_t k = p; k < c.f.size(); ++k) {
    if (OneOf(c.f[k], {"first", "earliest"})) return Intent::kWhenFirst;
    if (OneOf(c.f[k], {"last", "latest", "recent", "recently"})) return Intent::kWhenLast;
  }
  return Intent::kWhen;
}

Intent ReadIntent(const Core& c) {
  size_t p = SkipFillers(c);
  auto w = c.Get(p), next = c.Get(p + 1);
  if (c.HasSeq({"number", "of", "times"})) return Intent::kHowMany;
  if (w == "how") {
    if (next == "long" || (next == "much" && c.Get(p + 2) == "time")) return Intent::kHowLong;
    if (next == "many" && IsDurationUnit(c.Get(p + 2))) return Intent::kHowLong;
    if (OneOf(next, {"many", "much", "often", "frequently"})) return Intent::kHowMany;
    return Intent::kWhat;  // "how was the concert"
  }
  if (w == "when") return WhenIntent(c, p);
  if (OneOf(w, {"what", "which"})) {
    if (OneOf(next, {"time", "day", "date", "year", "month", "week", "hour", "days", "dates",
                     "years", "months", "weekday", "season"})) {
      return WhenIntent(c, p + 2);
    }
    if (OneOf(next,
              {"place",       "places",       "city",       "cities",      "country",  "countries",
               "town",        "towns",        "restaurant", "restaurants", "cafe",     "bar",
               "shop",        "store",        "museum",     "park",        "hotel",    "beach",
               "destination", "destinations", "address",    "location",    "locations"})) {
      return Intent::kWhere;
    }
    return Intent::kWhat;
  }
  if (OneOf(w, {"where", "whereabouts"})) return Intent::kWhere;
  if (OneOf(w, {"who", "whom", "whose"})) return Intent::kWho;
  if (w == "why") return Intent::kWhat;
  if (IsAuxiliary(w)) {
    // "do you have photos of...", "are there notes about..." ask for the records.
    if ((next == "you" && OneOf(c.Get(p + 2), {"have", "see", "find", "know"})) ||
        (next == "there" && c.Has("any"))) {
      return Intent::kFind;
    }
    return Intent::kYesNo;
  }
  if ((w == "the" && OneOf(next, {"first", "last"})) || OneOf(w, {"first", "last"})) {
    return OneOf(w, {"first"}) || next == "first" ? Intent::kWhenFirst : Intent::kWhenLast;
  }
  return Intent::kFind;
}

Aggregate ReadAggregate(const Core& c) {
  if (c.Has("average") || c.Has("avg") || c.HasSeq({"on", "average"})) return Aggregate::kAverage;
  bool most = false;
  for (size_t k = 0; k < c.f.size(); ++k) {
    if (c.f[k] == "most" && !OneOf(c.Get(k + 1), {"recent", "recently"})) most = true;
  }
  if (most || c.Has("favorite") || c.Has("favourite") || c.Has("top") || c.Has("mostly")) {
    return Aggregate::kMost;
  }
  if ((c.Has("all") && !c.HasSeq({"at", "all"})) || c.Has("every")) return Aggregate::kAll;
  return Aggregate::kNone;
}

void AddType(std::vector<RecordType>& types, RecordType t) {
  if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
}

// Record kinds the question names. Returns the word indices (into c.f) that named them.
std::vector<bool> ReadTypes(const Core& c, std::vector<RecordType>& types) {
  std::vector<bool> used(c.f.size(), false);
  for (size_t k = 0; k < c.f.size(); ++k) {
    const std::string& w = c.f[k];
    std::string_view next = c.Get(k + 1);
    if (OneOf(w, {"photo", "photos", "picture", "pictures", "pic", "pics", "image", "images",
                  "snap", "snaps", "snapshot", "snapshots", "selfie", "selfies", "photograph",
                  "photographs", "photographed", "screenshot", "screenshots"})) {
      AddType(types, RecordType::kPhoto);
    } else if (w == "voice" || OneOf(w, {"recording", "recordings", "recorded", "memo", "memos",
                                         "audio", "dictated", "voicemail"})) {
      AddType(types, RecordType::kVoice);
      if (w == "voice" && OneOf(next, {"note", "notes", "memo", "memos", "message", "messages",
                                       "recording", "recordings"})) {
        used[k + 1] = true;
      }
    } else if (OneOf(w, {"note", "notes", "noted", "wrote", "write", "written", "jotted", "journal",
                         "diary", "entry", "entries"})) {
      if (k > 0 && c.f[k - 1] == "voice") continue;
      AddType(types, RecordType::kNote);
    } else {
      continue;
    }
    used[k] = true;
  }
  return used;
}

bool AboutBeingSomewhere(const Core& c, Intent intent, bool has_place) {
  if (intent == Intent::kWhere || has_place) return true;
  for (const std::string& w : c.f) {
    if (OneOf(w, {"visit", "visited", "visits", "visiting", "went", "been", "go", "gone", "going",
                  "stayed", "stay", "trip", "travel", "traveled", "travelled"})) {
      return true;
    }
  }
  return false;
}

// Words with no search value beyond the stop words: the question frame and light verbs.
bool IsFrameWord(std::string_view w) {
  return OneOf(
      w, {"show",        "list",     "find",       "give",     "display",   "tell",      "remind",
          "know",        "want",     "please",     "go",       "went",      "gone",      "going",
          "get",         "got",      "spend",      "spent",    "time",      "times",     "many",
          "long",        "often",    "frequently", "first",    "last",      "ever",      "average",
          "number",      "total",    "anyone",     "anybody",  "anything",  "something", "someone",
          "somebody",    "like",     "let",        "ok",       "okay",      "hey",       "recently",
          "lately",      "earliest", "latest",     "favorite", "favourite", "top",       "most",
          "whereabouts", "avg",      "wonder",     "need",     "yes"});
}

// Capitalised words mid-question that are neither places nor the start of a sentence, and are
// followed by a break (punctuation, a function word, another name): "Eva", "Riley" in "did I talk
// to Eva, Riley on ...". "Italian" in "Italian food" is followed by a noun and stays out.
std::vector<std::string> ReadPeople(std::string_view text, const std::vector<Word>& words,
                                    const std::vector<bool>& skip) {
  std::vector<std::string> out;
  bool sentence_start = true;
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (w.punct) {
      sentence_start = w.folded == "." || w.folded == "?" || w.folded == "!";
      continue;
    }
    bool starts = sentence_start;
    sentence_start = false;
    if (skip[i] || starts || !w.capitalized || w.upper || w.number || IsStopword(w.folded) ||
        MonthValue(w.folded) || WeekdayValue(w.folded)) {
      continue;
    }
    bool breaks = i + 1 == words.size() || words[i + 1].punct || IsStopword(words[i + 1].folded) ||
                  words[i + 1].capitalized;
    if (!breaks) continue;
    std::string name(text.substr(w.begin, w.end - w.begin));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

// The question without its frame ("where did I", "how long was I", "show me") and without the
// time expression, as written: "have coffee", "at the gym".
std::string ReadSubject(std::string_view text, const std::vector<Word>& words, const Core& c,
                        const std::vector<bool>& skip) {
  size_t p = SkipFillers(c);
  auto skip_any = [&](std::initializer_list<std::string_view> list) {
    while (p < c.f.size() && OneOf(c.f[p], list)) ++p;
  };
  skip_any({"how", "what", "which", "when", "where", "who", "whom", "whose", "why"});
  skip_any({"long", "many", "much", "often", "frequently", "times", "time", "day", "date", "year",
            "month"});
  skip_any({"show", "list", "find", "give", "display"});
  skip_any({"me", "us"});
  if (p < c.f.size() && IsAuxiliary(c.f[p])) {
    ++p;
    skip_any({"i", "we", "you", "my", "there"});
    skip_any({"first", "last", "ever", "recently"});
  }
  if (p >= c.f.size()) return "";
  std::string out;
  for (size_t i = c.at[p]; i < words.size(); ++i) {
    if (skip[i]) continue;
    const Word& w = words[i];
    if (w.punct && (w.folded == "?" || w.folded == "!" || w.folded == ".")) continue;
    bool glue = w.punct && w.folded != "&" && w.folded != "(";
    if (!out.empty() && !glue) out.push_back(' ');
    out.append(text.substr(w.begin, w.end - w.begin));
  }
  while (!out.empty() && (out.back() == ',' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

Question ParseQuestion(std::string_view text, const TimeReference& reference,
                       const PlaceMatcher* places) {
  Question q;
  TimeInText time = FindTimeExpression(text, reference, Tense::kPast);
  std::vector<Word> words = SplitWords(text);
  std::vector<bool> skip(words.size(), false);
  if (time.found()) {
    q.time = time.time;
    q.time_text = std::string(text.substr(time.begin, time.end - time.begin));
    for (size_t i = 0; i < words.size(); ++i) {
      skip[i] = words[i].begin >= time.begin && words[i].end <= time.end;
    }
  }
  Core core;
  for (size_t i = 0; i < words.size(); ++i) {
    if (skip[i] || words[i].punct) continue;
    core.f.push_back(words[i].folded);
    core.at.push_back(i);
  }
  q.intent = ReadIntent(core);
  q.aggregate = ReadAggregate(core);
  std::vector<bool> type_word = ReadTypes(core, q.types);

  q.place_matches = FindPlaces(text, words, skip, places);
  std::vector<bool> in_place(words.size(), false);
  for (const PlaceMatch& m : q.place_matches) {
    q.places.push_back(m.text);
    for (size_t k = m.first_word; k < m.last_word; ++k) in_place[k] = true;
  }
  if (AboutBeingSomewhere(core, q.intent, !q.place_matches.empty())) {
    q.prefer.push_back(RecordType::kVisit);
  }

  for (size_t k = 0; k < core.f.size(); ++k) {
    const std::string& w = core.f[k];
    if (type_word[k] || IsStopword(w) || IsFrameWord(w)) continue;
    if (std::find(q.keywords.begin(), q.keywords.end(), w) != q.keywords.end()) continue;
    q.keywords.push_back(w);
    q.stems.push_back(Stem(w));
  }
  std::vector<bool> not_person = skip;
  for (size_t i = 0; i < words.size(); ++i) not_person[i] = skip[i] || in_place[i];
  q.people = ReadPeople(text, words, not_person);
  q.subject = ReadSubject(text, words, core, skip);
  return q;
}

}  // namespace chronotrail::nlp
