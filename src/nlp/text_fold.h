// Folding text for comparison: "São Paulo", "SAO PAULO" and "sao-paulo" all become "sao paulo".
// Place names, country names and question words are compared in this form, so the gazetteer and
// the question parser agree on what "the same name" means. Pure functions, no tables outside.
#pragma once

#include <string>
#include <string_view>

namespace chronotrail::nlp {

// Lower-case ASCII; Latin letters with diacritics (Latin-1, Latin Extended-A, the common
// Extended-B and Vietnamese letters) lose them, ligatures spread out ("æ" -> "ae", "ß" -> "ss");
// every other ASCII character that is not a letter or digit becomes a space, runs of spaces
// collapse and the ends are trimmed. Other non-ASCII characters (CJK, Cyrillic...) stay as they
// are, so such names still match themselves.
std::string Fold(std::string_view utf8);

// Appends the folded form of the code point that starts `text` to `out` ("É" -> "e", "A" -> "a")
// and returns its UTF-8 length (at least 1, even for malformed input). Appends nothing for a
// separator: ASCII punctuation and spaces, and the typographic quotes, dashes and spaces of
// U+2000..U+206F. Used by Fold and by tokenizers that need byte spans.
int AppendFolded(std::string_view text, std::string& out);

}  // namespace chronotrail::nlp
