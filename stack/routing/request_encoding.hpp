#pragma once
// How the parts of a RouteRequest other than JSON travel over HTTP: the
// query string and multipart/form-data bodies. The server decodes with these
// and our HTTP client encodes with them, so both ends read one grammar.
#include "stack/routing/api_table.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// "%2F" and friends decoded; with `plus_is_space` (query strings) '+' is a
// space. InvalidRequestError naming `what` on a malformed escape.
std::string percent_decode(std::string_view text, std::string_view what,
                           bool plus_is_space = false);
// Everything but unreserved characters (and those in `keep`) as %XX.
std::string percent_encode(std::string_view text, std::string_view keep = "");

// The parameters of "/v1/files?limit=2&order=asc" (a target without '?'
// has none). A name given twice keeps its last value.
ParamMap parse_query(std::string_view target);
// "?limit=2&order=asc", or "" for no parameters.
std::string encode_query(const ParamMap& query);

// Limits a form body is held to, so a hostile upload cannot make the parser
// allocate beyond the body it was given.
inline constexpr std::size_t kMaxFormParts = 256;

// The boundary of a "multipart/form-data; boundary=..." content type;
// InvalidRequestError when it is not one.
std::string multipart_boundary(std::string_view content_type);
// The parts of a multipart/form-data body (RFC 7578). InvalidRequestError
// saying what is wrong: no opening boundary, a part without
// Content-Disposition or name, a body cut before the closing boundary, more
// than kMaxFormParts parts.
std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary);
// A body parse_multipart reads back as `parts`, with a boundary that occurs
// in none of them; returns {content type, body}.
std::pair<std::string, std::string> encode_multipart(const std::vector<FormPart>& parts);

}  // namespace llama_stack
