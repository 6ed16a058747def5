#pragma once
// What of an outbound request may be written to a recording. Secrets never
// reach a file, an index row or an error message:
// - headers that carry credentials (Authorization, api-key, x-api-key,
//   cookies, and any header whose name ends in key/token/secret/password)
//   are left out;
// - body fields (with a string or number value) and URL query parameters so
//   named keep their place with the value "<redacted>", and credentials in
//   the URL's userinfo are dropped;
// - the values removed are remembered, and any other occurrence of them
//   (an upstream echoing the key in an error message) is replaced too.
// Keys are computed over the redacted request, so a recording made with one
// key replays with any other.
#include <llama_stack/http_client.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::replay {

inline constexpr std::string_view kRedacted = "<redacted>";

// True when a field, header or parameter name says it holds a credential:
// its last word is key, token, secret, password (or a synonym), as in
// api_key, x-api-key, apiKey, access_token, client_secret. "max_tokens" or
// "stop_token_ids" are not credentials: their last word is something else.
bool is_secret_name(std::string_view name);
// is_secret_name, plus Authorization, Proxy-Authorization, Cookie, Set-Cookie.
bool is_secret_header(std::string_view name);

struct RedactedRequest {
  std::string url;
  boost::json::object headers;
  boost::json::value body;
  // The credential values taken out, for scrub_secrets; never written.
  std::vector<std::string> secrets;
};

RedactedRequest redact_request(const HttpRequest& request);

// Replaces every occurrence of each secret inside the strings (and object
// keys) of `value` by "<redacted>". Secrets shorter than 8 characters are
// only removed by name: replacing short words everywhere would mangle text.
void scrub_secrets(boost::json::value& value, const std::vector<std::string>& secrets);
std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace llama_stack::replay
