#include "stack/http/event_framing.hpp"

#include <algorithm>
#include <utility>

namespace llama_stack::http_io {

namespace {

constexpr std::string_view sse_done_marker = "[DONE]";

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool is_sse_field(std::string_view field) {
  return field == "data" || field == "event" || field == "id" || field == "retry";
}

bool starts_json_document(std::string_view line) {
  const auto first = line.find_first_not_of(" \t");
  return first != std::string_view::npos && (line[first] == '{' || line[first] == '[');
}

}  // namespace

void EventFramer::feed(std::string_view bytes) {
  if (ended_) return;
  pending_.append(bytes);
  take_lines();
}

void EventFramer::finish() {
  if (ended_) return;
  if (!pending_.empty()) {
    std::string last = std::move(pending_);
    pending_.clear();
    scanned_ = 0;
    on_line(last);
  }
  if (!ended_ && format_ == StreamFormat::sse) dispatch_sse_event();
  ended_ = true;
}

std::optional<std::string> EventFramer::pop() {
  if (ready_.empty()) return std::nullopt;
  std::string payload = std::move(ready_.front());
  ready_.pop_front();
  return payload;
}

void EventFramer::take_lines() {
  std::size_t start = 0;
  std::size_t newline;
  while (!ended_ && (newline = pending_.find('\n', std::max(start, scanned_))) != std::string::npos) {
    on_line(std::string_view(pending_).substr(start, newline - start));
    start = newline + 1;
  }
  if (ended_) {
    pending_.clear();
    scanned_ = 0;
    return;
  }
  pending_.erase(0, start);
  // Remember how far we looked so a long line arriving in small pieces is
  // not rescanned from its start each time.
  scanned_ = pending_.size();
}

void EventFramer::on_line(std::string_view line) {
  // A "\r\n" split across two pieces is whole here: lines are cut at '\n'
  // only, and the '\r' before it is dropped.
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

  if (format_ == StreamFormat::ndjson) {
    if (is_blank(line)) return;
    if (!starts_json_document(line)) return stop_malformed();
    ready_.emplace_back(line);
    return;
  }

  if (line.empty()) {
    dispatch_sse_event();
    return;
  }
  if (line.front() == ':') return;  // comment, often a keep-alive ping

  const auto colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (!is_sse_field(field)) return stop_malformed();
  // event:, id: and retry: carry nothing the providers use.
  if (field != "data") return;
  if (has_data_) data_.push_back('\n');
  data_.append(value);
  has_data_ = true;
}

void EventFramer::stop_malformed() {
  malformed_ = true;
  ended_ = true;
  data_.clear();
  has_data_ = false;
}

void EventFramer::dispatch_sse_event() {
  if (!has_data_) return;
  std::string payload = std::move(data_);
  data_.clear();
  has_data_ = false;
  if (payload == sse_done_marker) {
    ended_ = true;
    saw_done_ = true;
    return;
  }
  ready_.push_back(std::move(payload));
}

}  // namespace llama_stack::http_io
