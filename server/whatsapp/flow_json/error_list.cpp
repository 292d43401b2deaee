#include "server/whatsapp/flow_json/error_list.h"

#include <algorithm>
#include <map>

namespace socialite::whatsapp::flow_json {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

struct LineColumn {
  int line = 1;
  int column = 1;
};

// The line and column of every offset in `offsets`, found in one pass over the text. Columns
// count code points, so a multi-byte character is one column; only '\n' starts a new line.
std::map<uint32_t, LineColumn> Locate(std::string_view text, std::vector<uint32_t> offsets) {
  std::sort(offsets.begin(), offsets.end());
  std::map<uint32_t, LineColumn> out;
  LineColumn at;
  size_t pos = 0;
  for (uint32_t target : offsets) {
    size_t stop = std::min<size_t>(target, text.size());
    for (; pos < stop; ++pos) {
      if (text[pos] == '\n') {
        ++at.line;
        at.column = 1;
      } else if (!IsContinuationByte(text[pos])) {
        ++at.column;
      }
    }
    // Past the end (an unexpected end of input): the column after the last character.
    LineColumn here = at;
    if (target > text.size()) here.column += static_cast<int>(target - text.size());
    out[target] = here;
  }
  return out;
}

}  // namespace

std::string JsonPath::Root() const {
  std::string out = "$root";
  for (const Segment& s : segments_) {
    out += '/';
    out += s.index >= 0 ? std::to_string(s.index) : s.key;
  }
  return out;
}

std::string JsonPath::Dotted() const {
  std::string out;
  for (const Segment& s : segments_) {
    if (s.index >= 0) {
      out += '[';
      out += std::to_string(s.index);
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += s.key;
    }
  }
  return out;
}

std::string JsonPath::DottedWith(std::string_view key) const {
  std::string out = Dotted();
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

void ErrorList::Add(std::string_view error, std::string_view error_type, std::string message,
                    std::vector<std::pair<TextSpan, std::string>> pointers) {
  if (errors_.size() >= kMaxCollected || pointers.empty()) return;
  errors_.push_back(Pending{std::string(error), std::string(error_type), std::move(message),
                            std::move(pointers)});
}

std::vector<FlowValidationError> ErrorList::Finish(std::string_view text) const {
  std::vector<const Pending*> order;
  order.reserve(errors_.size());
  for (const Pending& p : errors_) order.push_back(&p);
  // Document order; errors at the same place keep the order the checks found them in.
  std::stable_sort(order.begin(), order.end(), [](const Pending* a, const Pending* b) {
    return a->pointers.front().first.first < b->pointers.front().first.first;
  });
  if (order.size() > kMaxReported) order.resize(kMaxReported);

  std::vector<uint32_t> offsets;
  for (const Pending* p : order) {
    for (const auto& [span, path] : p->pointers) {
      offsets.push_back(span.first);
      offsets.push_back(span.last);
    }
  }
  std::map<uint32_t, LineColumn> where = Locate(text, std::move(offsets));

  std::vector<FlowValidationError> out;
  out.reserve(order.size());
  for (const Pending* p : order) {
    FlowValidationError e;
    e.error = p->error;
    e.error_type = p->error_type;
    e.message = p->message;
    for (const auto& [span, path] : p->pointers) {
      if (path.empty() && &span != &p->pointers.front().first) continue;
      const LineColumn& start = where[span.first];
      const LineColumn& end = where[span.last];
      e.pointers.push_back(FlowErrorPointer{.line_start = start.line,
                                            .line_end = end.line,
                                            .column_start = start.column,
                                            .column_end = end.column,
                                            .path = path});
    }
    const FlowErrorPointer& own = e.pointers.front();
    e.line_start = own.line_start;
    e.line_end = own.line_end;
    e.column_start = own.column_start;
    e.column_end = own.column_end;
    // The document itself (a syntax error, the root) has no path to point at.
    if (own.path.empty()) e.pointers.erase(e.pointers.begin());
    out.push_back(std::move(e));
  }
  return out;
}

std::string Excerpt(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (chars == max_chars) return std::string(text.substr(0, i)) + "...";
    ++chars;
  }
  return std::string(text);
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  out += Excerpt(text);
  out += '"';
  return out;
}

bool Contains(const std::vector<std::string_view>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string Join(const std::vector<std::string_view>& list) {
  std::string out;
  for (std::string_view item : list) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

size_t CountChars(std::string_view text) {
  size_t chars = 0;
  for (char c : text) {
    if (!IsContinuationByte(c)) ++chars;
  }
  return chars;
}

}  // namespace socialite::whatsapp::flow_json
