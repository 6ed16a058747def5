#include "stack/routing/request_encoding.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/percent_encoding.hpp>

#include <cstdio>
#include <random>

namespace llama_stack {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `key=` in a header's ";"-separated parameters, unquoted.
std::optional<std::string> header_param(std::string_view header, std::string_view key) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t semi = header.find(';', pos);
    // A quoted value may hold ';'.
    std::string_view item = header.substr(pos, semi == std::string_view::npos ? header.npos : semi - pos);
    std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && iequals_ascii(trim(item.substr(0, eq)), key)) {
      std::string_view rest = header.substr(pos + eq + 1);
      rest = trim(rest);
      if (!rest.empty() && rest.front() == '"') {
        std::string out;
        for (std::size_t i = 1; i < rest.size(); ++i) {
          if (rest[i] == '\\' && i + 1 < rest.size()) {
            out += rest[++i];
          } else if (rest[i] == '"') {
            return out;
          } else {
            out += rest[i];
          }
        }
        return std::nullopt;  // unterminated quote
      }
      std::size_t end = rest.find(';');
      return std::string(trim(rest.substr(0, end)));
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return std::nullopt;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string percent_decode(std::string_view text, std::string_view what, bool plus_is_space) {
  auto decoded = percent::decode(text, plus_is_space);
  if (!decoded)
    throw InvalidRequestError("malformed percent-escape in " + std::string(what) + " '" +
                              std::string(text) + "'");
  return std::move(*decoded);
}

std::string percent_encode(std::string_view text, std::string_view keep) {
  return percent::encode(text, keep);
}

ParamMap parse_query(std::string_view target) {
  ParamMap out;
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    std::string name = percent_decode(item.substr(0, eq), "query string", true);
    std::string value =
        eq == std::string_view::npos ? std::string() : percent_decode(item.substr(eq + 1), "query string", true);
    out[std::move(name)] = std::move(value);
  }
  return out;
}

std::string encode_query(const ParamMap& query) {
  std::string out;
  for (const auto& [name, value] : query)
    out += (out.empty() ? "?" : "&") + percent_encode(name) + "=" + percent_encode(value);
  return out;
}

std::string multipart_boundary(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (!iequals_ascii(trim(content_type.substr(0, semi)), "multipart/form-data"))
    throw InvalidRequestError("expected a multipart/form-data body, not Content-Type '" +
                              std::string(content_type) + "'");
  auto boundary = semi == std::string_view::npos ? std::nullopt
                                                 : header_param(content_type.substr(semi + 1), "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200)
    throw InvalidRequestError("multipart/form-data Content-Type without a usable boundary: '" +
                              std::string(content_type) + "'");
  return *boundary;
}

std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  const auto bad = [](const std::string& why) {
    return InvalidRequestError("malformed multipart/form-data body: " + why);
  };
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) throw bad("no opening boundary");
  pos += delimiter.size();
  std::vector<FormPart> parts;
  const std::string next_delimiter = "\r\n" + delimiter;
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // the closing boundary
    if (body.substr(pos, 2) != "\r\n") throw bad("a boundary not followed by CRLF");
    pos += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", pos);
    // A part without headers has its blank line right here.
    std::string_view headers;
    std::size_t data_start = 0;
    if (body.substr(pos, 2) == "\r\n") {
      data_start = pos + 2;
    } else {
      if (headers_end == std::string_view::npos) throw bad("a part's headers never end");
      headers = body.substr(pos, headers_end - pos);
      data_start = headers_end + 4;
    }
    const std::size_t data_end = body.find(next_delimiter, data_start);
    if (data_end == std::string_view::npos) throw bad("the body ends before the closing boundary");
    if (parts.size() == kMaxFormParts)
      throw bad("more than " + std::to_string(kMaxFormParts) + " parts");
    FormPart part;
    bool disposition = false;
    while (!headers.empty()) {
      const std::size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) throw bad("a part header without ':'");
      std::string_view name = trim(line.substr(0, colon));
      std::string_view value = trim(line.substr(colon + 1));
      if (iequals_ascii(name, "Content-Disposition")) {
        const std::size_t semi = value.find(';');
        if (!iequals_ascii(trim(value.substr(0, semi)), "form-data"))
          throw bad("a part whose Content-Disposition is not form-data");
        std::string_view params = semi == std::string_view::npos ? std::string_view{} : value.substr(semi + 1);
        auto field = header_param(params, "name");
        if (!field) throw bad("a part without a name");
        part.name = *field;
        part.filename = header_param(params, "filename").value_or("");
        disposition = true;
      } else if (iequals_ascii(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) throw bad("a part without Content-Disposition");
    part.data = std::string(body.substr(data_start, data_end - data_start));
    parts.push_back(std::move(part));
    pos = data_end + next_delimiter.size();
  }
}

std::pair<std::string, std::string> encode_multipart(const std::vector<FormPart>& parts) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string boundary;
  bool clashes = true;
  while (clashes) {
    char text[40];
    std::snprintf(text, sizeof text, "llama-stack-%016llx",
                  static_cast<unsigned long long>(random()));
    boundary = text;
    clashes = false;
    for (const auto& p : parts) clashes = clashes || p.data.find(boundary) != std::string::npos;
  }
  std::string body;
  for (const auto& p : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(p.name);
    if (!p.filename.empty()) body += "; filename=" + quoted(p.filename);
    body += "\r\n";
    if (!p.content_type.empty()) body += "Content-Type: " + p.content_type + "\r\n";
    body += "\r\n" + p.data + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

}  // namespace llama_stack
