#include "nlp/text_fold.h"

#include <array>
#include <cctype>
#include <cstdint>

namespace chronotrail::nlp {
namespace {

// U+00C0..U+00FF, one entry per code point; "" marks the two signs (× ÷) that are separators.
constexpr std::array<std::string_view, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Latin Extended-A (U+0100..U+017F) comes in runs of one base letter.
struct Run {
  char32_t first, last;
  std::string_view base;
};
constexpr std::array<Run, 27> kExtendedA = {{
    {0x100, 0x105, "a"},
    {0x106, 0x10D, "c"},
    {0x10E, 0x111, "d"},
    {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"},
    {0x128, 0x131, "i"},
    {0x132, 0x133, "ij"},
    {0x134, 0x135, "j"},
    {0x136, 0x138, "k"},
    {0x139, 0x142, "l"},
    {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"},
    {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"},
    {0x168, 0x173, "u"},
    {0x174, 0x175, "w"},
    {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"},
    {0x17F, 0x17F, "s"},
    // Extended-B letters seen in place names: Romanian ș ț, Vietnamese ơ ư, pinyin tones.
    {0x1A0, 0x1A1, "o"},
    {0x1AF, 0x1B0, "u"},
    {0x218, 0x219, "s"},
    {0x21A, 0x21B, "t"},
    {0x1CD, 0x1CE, "a"},
}};

// Vietnamese letters with two marks (U+1EA0..U+1EF9).
constexpr std::array<Run, 6> kVietnamese = {{{0x1EA0, 0x1EB7, "a"},
                                             {0x1EB8, 0x1EC7, "e"},
                                             {0x1EC8, 0x1ECB, "i"},
                                             {0x1ECC, 0x1EE3, "o"},
                                             {0x1EE4, 0x1EF1, "u"},
                                             {0x1EF2, 0x1EF9, "y"}}};

// Decodes one UTF-8 sequence; a malformed byte reads as itself with length 1.
char32_t Decode(std::string_view s, int& length) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b0 = byte(0);
  int n = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || size_t(n) > s.size()) {
    length = 1;
    return b0;
  }
  char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      length = 1;
      return b0;
    }
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  length = n;
  return cp;
}

template <size_t N>
std::string_view FindRun(const std::array<Run, N>& runs, char32_t cp) {
  for (const Run& r : runs) {
    if (cp >= r.first && cp <= r.last) return r.base;
  }
  return {};
}

}  // namespace

int AppendFolded(std::string_view text, std::string& out) {
  if (text.empty()) return 1;
  int length = 1;
  char32_t cp = Decode(text, length);
  if (cp < 0x80) {
    if (std::isalnum(static_cast<unsigned char>(cp))) {
      out.push_back(char(std::tolower(static_cast<unsigned char>(cp))));
    }
    return length;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    out += kLatin1[cp - 0xC0];
    return length;
  }
  if (cp >= 0x80 && cp < 0xC0) return length;       // Latin-1 punctuation and symbols
  if (cp >= 0x2000 && cp <= 0x206F) return length;  // general punctuation: ’ “ ” – — …
  std::string_view base = FindRun(kExtendedA, cp);
  if (base.empty()) base = FindRun(kVietnamese, cp);
  if (!base.empty()) {
    out += base;
  } else {
    out.append(text.substr(0, size_t(length)));
  }
  return length;
}

std::string Fold(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  bool pending_space = false;
  while (i < utf8.size()) {
    size_t before = out.size();
    if (pending_space) out.push_back(' ');
    i += size_t(AppendFolded(utf8.substr(i), out));
    if (out.size() == before + (pending_space ? 1 : 0)) {
      // A separator: take back the space written ahead of it and remember one is due.
      out.resize(before);
      pending_space = !out.empty();
    } else {
      pending_space = false;
    }
  }
  return out;
}

}  // namespace chronotrail::nlp
