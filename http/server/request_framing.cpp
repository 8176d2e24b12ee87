#include "http/server/request_framing.hpp"

#include <cctype>

namespace ws::http::server {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

/// What of the head decides the framing: the header lines after the request line.
struct framing_headers {
  std::optional<std::string_view> content_length;
  bool transfer_encoding = false;
  bool expects_continue = false;
};

framing_headers read_framing_headers(std::string_view head) {
  framing_headers found;
  std::size_t at = head.find('\n');  // past the request line
  while (at != std::string_view::npos && at + 1 < head.size()) {
    const std::size_t start = at + 1;
    const std::size_t end = head.find('\n', start);
    const std::string_view line = head.substr(start, end == std::string_view::npos ? head.size() - start : end - start);
    at = end;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (equal_ignoring_case(name, "Content-Length")) found.content_length = value;
    else if (equal_ignoring_case(name, "Transfer-Encoding")) found.transfer_encoding = true;
    else if (equal_ignoring_case(name, "Expect")) found.expects_continue = equal_ignoring_case(value, "100-continue");
  }
  return found;
}

/// The end of the head (past its blank line), accepting bare LF line ends as httplib does.
std::optional<std::size_t> head_end(std::string_view buffered) {
  for (std::size_t at = buffered.find('\n'); at != std::string_view::npos; at = buffered.find('\n', at + 1)) {
    const std::size_t next = at + 1;
    if (next < buffered.size() && buffered[next] == '\n') return next + 1;
    if (next + 1 < buffered.size() && buffered[next] == '\r' && buffered[next + 1] == '\n') return next + 2;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> parse_content_length(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

request_frame frame_request(std::string_view buffered, std::size_t max_head_bytes, std::size_t max_body_bytes) {
  request_frame frame;
  const auto end = head_end(buffered.substr(0, std::min(buffered.size(), max_head_bytes)));
  if (!end) {
    frame.progress = buffered.size() >= max_head_bytes ? request_progress::head_too_large : request_progress::partial_head;
    return frame;
  }
  frame.head_bytes = *end;
  const framing_headers headers = read_framing_headers(buffered.substr(0, *end));
  frame.expects_continue = headers.expects_continue;
  std::size_t body = 0;
  if (headers.content_length && !headers.transfer_encoding) {
    // A length the front will refuse is not waited for (see the header comment).
    const auto length = parse_content_length(*headers.content_length);
    if (length && *length <= max_body_bytes) body = *length;
  }
  frame.total_bytes = *end + body;
  frame.progress = buffered.size() >= frame.total_bytes ? request_progress::whole : request_progress::awaiting_body;
  return frame;
}

}  // namespace ws::http::server
