#include "nlp/words.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "nlp/text_fold.h"

namespace chronotrail::nlp {
namespace {

// Sorted, for binary search.
constexpr std::array<std::string_view, 160> kStopwords = {
    "a",       "about",   "above",   "after",      "again",    "against", "all",       "am",
    "an",      "and",     "any",     "anyone",     "anything", "are",     "aren",      "around",
    "as",      "at",      "be",      "been",       "before",   "being",   "below",     "between",
    "both",    "but",     "by",      "can",        "could",    "couldn",  "d",         "did",
    "didn",    "do",      "does",    "doesn",      "doing",    "don",     "done",      "down",
    "during",  "each",    "either",  "else",       "ever",     "every",   "few",       "for",
    "from",    "further", "had",     "hadn",       "has",      "hasn",    "have",      "haven",
    "having",  "he",      "her",     "here",       "hers",     "herself", "him",       "himself",
    "his",     "how",     "i",       "if",         "in",       "into",    "is",        "isn",
    "it",      "its",     "itself",  "just",       "ll",       "m",       "may",       "me",
    "might",   "mine",    "more",    "most",       "much",     "must",    "my",        "myself",
    "neither", "no",      "nor",     "not",        "of",       "off",     "on",        "once",
    "only",    "onto",    "or",      "other",      "our",      "ours",    "ourselves", "out",
    "over",    "own",     "re",      "s",          "same",     "shall",   "she",       "should",
    "shouldn", "so",      "some",    "such",       "t",        "than",    "that",      "the",
    "their",   "theirs",  "them",    "themselves", "then",     "there",   "these",     "they",
    "this",    "those",   "through", "to",         "too",      "under",   "until",     "up",
    "upon",    "us",      "ve",      "very",       "was",      "wasn",    "we",        "were",
    "weren",   "what",    "when",    "where",      "which",    "while",   "who",       "whom",
    "whose",   "why",     "will",    "with",       "won",      "would",   "wouldn",    "you",
};

struct Irregular {
  std::string_view form, base;
};
// Past forms and plurals that suffix rules cannot reach; sorted by form.
constexpr std::array<Irregular, 62> kIrregular = {{
    {"ate", "eat"},        {"began", "begin"},  {"begun", "begin"}, {"bought", "buy"},
    {"brought", "bring"},  {"built", "build"},  {"came", "come"},   {"caught", "catch"},
    {"children", "child"}, {"chose", "choose"}, {"did", "do"},      {"done", "do"},
    {"drank", "drink"},    {"driven", "drive"}, {"drove", "drive"}, {"drunk", "drink"},
    {"eaten", "eat"},      {"fed", "feed"},     {"feet", "foot"},   {"felt", "feel"},
    {"flew", "fly"},       {"flown", "fly"},    {"found", "find"},  {"gave", "give"},
    {"given", "give"},     {"gone", "go"},      {"got", "get"},     {"gotten", "get"},
    {"had", "have"},       {"has", "have"},     {"heard", "hear"},  {"held", "hold"},
    {"kept", "keep"},      {"knew", "know"},    {"left", "leave"},  {"lost", "lose"},
    {"made", "make"},      {"men", "man"},      {"met", "meet"},    {"paid", "pay"},
    {"people", "person"},  {"ran", "run"},      {"rode", "ride"},   {"said", "say"},
    {"sang", "sing"},      {"sat", "sit"},      {"saw", "see"},     {"seen", "see"},
    {"sent", "send"},      {"slept", "sleep"},  {"sold", "sell"},   {"spent", "spend"},
    {"spoke", "speak"},    {"swam", "swim"},    {"taken", "take"},  {"taught", "teach"},
    {"thought", "think"},  {"told", "tell"},    {"took", "take"},   {"went", "go"},
    {"women", "woman"},    {"wrote", "write"},
}};

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// "stopp" -> "stop", but not "fall" or "kiss": doubled consonants other than l, s, z.
void Undouble(std::string& w) {
  size_t n = w.size();
  if (n >= 3 && w[n - 1] == w[n - 2] && !IsVowel(w[n - 1]) && w[n - 1] != 'l' && w[n - 1] != 's' &&
      w[n - 1] != 'z') {
    w.pop_back();
  }
}

bool HasVowel(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return IsVowel(c) || c == 'y'; });
}

bool IsUpperStart(std::string_view text) {
  auto b0 = static_cast<unsigned char>(text[0]);
  if (b0 < 0x80) return std::isupper(b0);
  // Latin-1 capitals À..Þ (U+00C0..U+00DE) are C3 80..C3 9E in UTF-8.
  return b0 == 0xC3 && text.size() > 1 && static_cast<unsigned char>(text[1]) < 0x9F &&
         static_cast<unsigned char>(text[1]) != 0x97;
}

}  // namespace

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  bool in_word = false;
  while (i < text.size()) {
    std::string piece;
    auto length = size_t(AppendFolded(text.substr(i), piece));
    if (piece.empty()) {
      in_word = false;
      if (!std::isspace(static_cast<unsigned char>(text[i]))) {
        Word w;
        w.folded = std::string(text.substr(i, length));
        w.begin = i;
        w.end = i + length;
        w.punct = true;
        words.push_back(std::move(w));
      }
      i += length;
      continue;
    }
    if (!in_word) {
      Word w;
      w.begin = i;
      w.capitalized = IsUpperStart(text.substr(i));
      words.push_back(std::move(w));
      in_word = true;
    }
    Word& w = words.back();
    w.folded += piece;
    w.end = i + length;
    i += length;
  }
  for (Word& w : words) {
    if (w.punct) continue;
    std::string_view raw = text.substr(w.begin, w.end - w.begin);
    w.number = std::all_of(raw.begin(), raw.end(),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    int letters = 0;
    bool all_upper = true;
    for (char c : raw) {
      auto u = static_cast<unsigned char>(c);
      if (std::isalpha(u)) {
        ++letters;
        all_upper = all_upper && std::isupper(u);
      } else if (u >= 0x80) {
        all_upper = false;
      }
    }
    w.upper = letters >= 2 && all_upper;
  }
  return words;
}

std::string JoinFolded(const std::vector<Word>& words, size_t first, size_t last) {
  std::string out;
  for (size_t i = first; i < last && i < words.size(); ++i) {
    if (words[i].punct) continue;
    if (!out.empty()) out.push_back(' ');
    out += words[i].folded;
  }
  return out;
}

bool IsStopword(std::string_view folded) {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), folded);
}

std::string Stem(std::string_view folded) {
  auto irregular =
      std::lower_bound(kIrregular.begin(), kIrregular.end(), folded,
                       [](const Irregular& e, std::string_view w) { return e.form < w; });
  std::string w(folded);
  if (irregular != kIrregular.end() && irregular->form == folded) w = irregular->base;
  if (w.size() <= 3) return w;
  if (EndsWith(w, "ies") || EndsWith(w, "ied")) {
    w.resize(w.size() - 2);  // cities -> citi, studied -> studi
  } else if (EndsWith(w, "sses") || EndsWith(w, "shes") || EndsWith(w, "ches") ||
             EndsWith(w, "xes") || EndsWith(w, "zes")) {
    w.resize(w.size() - 2);  // glasses -> glass, dishes -> dish
  } else if (EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us") && !EndsWith(w, "is")) {
    w.pop_back();
  }
  if (w.size() > 4 && EndsWith(w, "ing") && HasVowel(w.substr(0, w.size() - 3))) {
    w.resize(w.size() - 3);
    Undouble(w);
  } else if (w.size() > 4 && EndsWith(w, "ed") && HasVowel(w.substr(0, w.size() - 2))) {
    w.resize(w.size() - 2);
    Undouble(w);
  }
  if (w.size() > 3 && w.back() == 'e' && w[w.size() - 2] != 'e') w.pop_back();  // not "coffee"
  if (w.size() > 2 && w.back() == 'y') w.back() = 'i';
  return w;
}

}  // namespace chronotrail::nlp
