#include "stack/client/remote_error.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>

#include <charconv>
#include <optional>
#include <string>

namespace llama_stack {

namespace {

struct UpstreamParts {
  std::string provider_id;
  int status = 0;
  std::string message;
};

// "provider 'p': upstream returned HTTP 503: text" read back into its parts
// (no std::regex: its matcher recurses per character of a long message).
std::optional<UpstreamParts> upstream_parts(std::string_view text) {
  constexpr std::string_view head = "provider '", middle = "': upstream returned HTTP ";
  if (!text.starts_with(head)) return std::nullopt;
  const auto quote = text.find(middle, head.size());
  if (quote == std::string_view::npos) return std::nullopt;
  UpstreamParts out;
  out.provider_id = std::string(text.substr(head.size(), quote - head.size()));
  const char* digits = text.data() + quote + middle.size();
  const char* end = text.data() + text.size();
  const auto [after, ec] = std::from_chars(digits, end, out.status);
  if (ec != std::errc() || after == digits || end - after < 2 || after[0] != ':' || after[1] != ' ')
    return std::nullopt;
  out.message = std::string(after + 2, end);
  return out;
}

[[noreturn]] void throw_for(int status, const std::string& message, std::string_view url) {
  if (status == 400) throw InvalidRequestError(message);
  if (status == 404) throw NotFoundError(message);
  if (status == 413) throw PayloadTooLargeError(message);
  if (status == 501) throw UnsupportedError(message);
  if (status == 502) {
    // The server sends UpstreamError's what(); its parts make the same error.
    if (auto upstream = upstream_parts(message))
      throw UpstreamError(upstream->provider_id, upstream->status, upstream->message);
    throw ConnectionError(std::string(url), message);
  }
  if (status >= 400 && status < 500) throw InvalidRequestError(message);
  throw StackError(message);
}

// The message of an {"error": {"message": ...}} object; empty when it is not one.
std::string message_of(const boost::json::object& body) {
  const auto* error = body.if_contains("error");
  if (error == nullptr || !error->is_object()) return {};
  const auto* message = error->as_object().if_contains("message");
  if (message == nullptr || !message->is_string()) return {};
  return std::string(message->as_string());
}

}  // namespace

void throw_remote_error(int status, std::string_view body, std::string_view url) {
  std::string message;
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) message = message_of(parsed.as_object());
  if (message.empty()) {
    constexpr std::size_t kQuoted = 300;
    message = std::string(url) + " answered HTTP " + std::to_string(status) + ": " +
              std::string(body.substr(0, kQuoted));
  }
  throw_for(status, message, url);
}

void throw_remote_error_event(const boost::json::object& event, std::string_view url) {
  int status = 500;
  if (const auto* error = event.if_contains("error"); error && error->is_object())
    if (const auto* code = error->as_object().if_contains("code"); code && code->is_string()) {
      const auto text = code->as_string();
      std::from_chars(text.data(), text.data() + text.size(), status);
    }
  std::string message = message_of(event);
  if (message.empty()) message = std::string(url) + ": the stream ended with an error event";
  throw_for(status, message, url);
}

}  // namespace llama_stack
