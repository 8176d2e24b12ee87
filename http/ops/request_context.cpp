#include "http/ops/request_context.hpp"

#include <cstdio>
#include <random>

namespace ws::http::ops {

namespace {

thread_local std::optional<request_context> in_progress;

}  // namespace

request_context& begin_request(std::string id) {
  in_progress.emplace();
  in_progress->id = std::move(id);
  return *in_progress;
}

request_context* current_request() { return in_progress ? &*in_progress : nullptr; }

request_context end_request() {
  if (!in_progress) {
    request_context fresh;
    fresh.id = new_request_id();
    return fresh;
  }
  request_context ended = std::move(*in_progress);
  in_progress.reset();
  return ended;
}

std::string new_request_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

std::string request_id_from(const std::string& client_id) {
  if (client_id.empty() || client_id.size() > 64) return new_request_id();
  for (unsigned char c : client_id) {
    const bool allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                         c == '_' || c == '-';
    if (!allowed) return new_request_id();
  }
  return client_id;
}

void note_register(const std::string& kkt_sn) {
  if (in_progress && !kkt_sn.empty()) in_progress->kkt_sn = kkt_sn;
}

void note_document(std::uint32_t document_number) {
  if (in_progress && document_number != 0) in_progress->document_number = document_number;
}

void note_idempotency_key(const std::string& key) {
  if (in_progress) in_progress->idempotency_key = key;
}

}  // namespace ws::http::ops
