#include "storage/blob/s3_xml.h"

#include <cstdint>

namespace chronotrail::s3xml {
namespace {

void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Decodes one entity starting at text[0] == '&'; returns how many bytes it used (0: not one).
size_t DecodeEntity(std::string_view text, std::string& out) {
  size_t semi = text.find(';');
  if (semi == std::string_view::npos || semi > 12) return 0;
  std::string_view name = text.substr(1, semi - 1);
  if (name == "amp")
    out.push_back('&');
  else if (name == "lt")
    out.push_back('<');
  else if (name == "gt")
    out.push_back('>');
  else if (name == "quot")
    out.push_back('"');
  else if (name == "apos")
    out.push_back('\'');
  else if (name.size() > 1 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    std::uint32_t value = 0;
    for (char c : digits) {
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return 0;
      value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      if (value > 0x10FFFF) return 0;
    }
    AppendUtf8(out, value);
  } else {
    return 0;
  }
  return semi + 1;
}

std::string Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      size_t used = DecodeEntity(text.substr(i), out);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

// Where the next element named `name` at or after `from` holds its content; nullopt when there
// is none (or the document ends inside it).
struct Found {
  size_t content_begin = 0;
  size_t content_end = 0;  // == content_begin for <Name/>
  size_t after = 0;        // past the element
};

std::optional<Found> FindElement(std::string_view xml, std::string_view name, size_t from) {
  // Built by append: GCC 12 warns falsely (stringop-overflow) on "<" + std::string.
  std::string open(1, '<');
  open.append(name);
  size_t at = from;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    size_t after_name = at + open.size();
    if (after_name >= xml.size()) return std::nullopt;
    char next = xml[after_name];
    // "<UploadIdMarker>" starts with "<UploadId" but is another element.
    if (next != '>' && next != '/' && next != ' ' && next != '\t' && next != '\r' && next != '\n') {
      at = after_name;
      continue;
    }
    size_t tag_end = xml.find('>', after_name);
    if (tag_end == std::string_view::npos) return std::nullopt;
    if (xml[tag_end - 1] == '/') return Found{tag_end + 1, tag_end + 1, tag_end + 1};  // <Name/>
    std::string close(2, '<');
    close[1] = '/';
    close.append(name).append(1, '>');
    size_t content_end = xml.find(close, tag_end + 1);
    if (content_end == std::string_view::npos) return std::nullopt;
    return Found{tag_end + 1, content_end, content_end + close.size()};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ElementText(std::string_view xml, std::string_view name) {
  std::optional<Found> found = FindElement(xml, name, 0);
  if (!found) return std::nullopt;
  return Unescape(xml.substr(found->content_begin, found->content_end - found->content_begin));
}

std::vector<std::string_view> Elements(std::string_view xml, std::string_view name) {
  std::vector<std::string_view> contents;
  size_t from = 0;
  while (std::optional<Found> found = FindElement(xml, name, from)) {
    contents.push_back(xml.substr(found->content_begin, found->content_end - found->content_begin));
    from = found->after;
  }
  return contents;
}

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace chronotrail::s3xml
