// The words of a question, with their byte spans, and the word lists question understanding
// consults: stop words and a light stemmer. Shared by time_in_text, place_matcher and question.
// Pure functions over constant tables.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chronotrail::nlp {

struct Word {
  std::string folded;  // Fold() of the word ("são" -> "sao"); the character for punctuation
  size_t begin = 0;    // byte span [begin, end) in the text
  size_t end = 0;
  bool punct = false;        // one punctuation character (",", "?", "/", "'")
  bool number = false;       // ASCII digits only
  bool capitalized = false;  // starts with an upper-case ASCII letter or any non-ASCII capital
  bool upper = false;        // two or more letters, all upper-case ASCII ("US", "UK", "NYC")
};

// Letters and digits of any script make words; every other non-space character is a word of its
// own with punct set. Splits where Fold would put a space (so "McDonald's" is "mcdonald" "'" "s"
// and matches the folded name "mcdonald s"), and between letters and digits is NOT a split
// ("3pm" is one word; time expressions are re-read by the time parser anyway).
std::vector<Word> SplitWords(std::string_view text);

// The folded words [first, last) joined by single spaces, punctuation left out.
std::string JoinFolded(const std::vector<Word>& words, size_t first, size_t last);

// Function words that carry no content: articles, pronouns, auxiliaries, prepositions,
// conjunctions, contraction pieces ("didn", "t", "m"). Folded lower-case input.
bool IsStopword(std::string_view folded);

// A light stemmer for matching question words against record text: irregular forms go to their
// base ("ate" -> "eat", "went" -> "go", "bought" -> "buy"), then plural and -ed/-ing/-es endings
// drop and a final "e" (not "ee") / "y" are normalised ("baked", "baking", "bake" -> "bak";
// "cities", "city" -> "citi"). Not a dictionary form: apply the same Stem() to both sides of a
// comparison.
std::string Stem(std::string_view folded);

}  // namespace chronotrail::nlp
